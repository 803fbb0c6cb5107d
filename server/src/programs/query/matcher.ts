import { queryAnchors } from './anchors.js';
import { compileQuery, type CompiledQuery } from './compile.js';
import { QuerySyntaxError } from './errors.js';
import { parseQuery } from './parser.js';
import { prepareText, type PreparedText } from './text.js';

export interface MatchableProgram {
  readonly id: string;
  readonly query: string;
  /** Language codes the program applies to; empty means every language. */
  readonly languages: readonly string[];
}

interface CompiledProgram {
  readonly id: string;
  readonly predicate: CompiledQuery;
  /** `undefined` means every language. */
  readonly languages: ReadonlySet<string> | undefined;
}

/*
 * Twitter/X still reports Indonesian as the withdrawn ISO 639 code "in"; programs are configured
 * with "id". Region subtags are dropped so "id-ID" matches "id".
 */
const LANGUAGE_ALIASES: ReadonlyMap<string, string> = new Map([['in', 'id']]);

function normaliseLanguage(lang: string): string {
  const primary = lang.trim().toLowerCase().split(/[-_]/u)[0] ?? '';
  return LANGUAGE_ALIASES.get(primary) ?? primary;
}

function addTo(index: Map<string, number[]>, key: string, program: number): void {
  const list = index.get(key);
  if (list === undefined) index.set(key, [program]);
  else if (list[list.length - 1] !== program) list.push(program);
}

/**
 * Matches posts against many program queries. Each query is parsed and compiled once, and an
 * inverted index from anchor literals to programs means a post only evaluates the few queries
 * that could possibly match it.
 */
export class ProgramMatcher {
  readonly errors: ReadonlyArray<{ id: string; error: QuerySyntaxError }>;

  private readonly programs: CompiledProgram[] = [];
  private readonly byWord = new Map<string, number[]>();
  private readonly byPrefix = new Map<string, number[]>();
  private readonly byHashtag = new Map<string, number[]>();
  private readonly byMention = new Map<string, number[]>();
  /** Programs without derivable anchors; parseQuery rejects those, so this stays empty in practice. */
  private readonly unanchored: number[] = [];
  private readonly minPrefixLength: number;
  private readonly maxPrefixLength: number;
  /** Per-program "already a candidate" marks; a fresh stamp per call avoids clearing a Set. */
  private readonly seen: Uint32Array;
  private stamp = 0;

  constructor(programs: readonly MatchableProgram[]) {
    const errors: { id: string; error: QuerySyntaxError }[] = [];
    let minPrefix = Infinity;
    let maxPrefix = 0;
    for (const program of programs) {
      let node;
      try {
        node = parseQuery(program.query);
      } catch (error) {
        if (error instanceof QuerySyntaxError) {
          errors.push({ id: program.id, error });
          continue;
        }
        throw error;
      }
      const index = this.programs.length;
      this.programs.push({
        id: program.id,
        predicate: compileQuery(node),
        languages: program.languages.length === 0 ? undefined : new Set(program.languages.map(normaliseLanguage)),
      });
      const anchors = queryAnchors(node);
      if (anchors === undefined) {
        this.unanchored.push(index);
        continue;
      }
      for (const anchor of anchors) {
        switch (anchor.kind) {
          case 'word':
            addTo(this.byWord, anchor.value, index);
            break;
          case 'prefix':
            addTo(this.byPrefix, anchor.value, index);
            minPrefix = Math.min(minPrefix, anchor.value.length);
            maxPrefix = Math.max(maxPrefix, anchor.value.length);
            break;
          case 'hashtag':
            addTo(this.byHashtag, anchor.value, index);
            break;
          case 'mention':
            addTo(this.byMention, anchor.value, index);
            break;
        }
      }
    }
    this.errors = errors;
    this.minPrefixLength = minPrefix;
    this.maxPrefixLength = maxPrefix;
    this.seen = new Uint32Array(this.programs.length);
  }

  /** Ids of the programs matching `text` in language `lang`, in the order programs were given. */
  match(text: string, lang: string): string[] {
    return this.matchPrepared(prepareText(text), lang);
  }

  matchPrepared(text: PreparedText, lang: string): string[] {
    const candidates = this.candidates(text);
    const language = normaliseLanguage(lang);
    const matched: string[] = [];
    for (const index of candidates) {
      const program = this.programs[index];
      if (program === undefined) continue;
      if (program.languages !== undefined && !program.languages.has(language)) continue;
      if (program.predicate(text)) matched.push(program.id);
    }
    return matched;
  }

  /** Indices of programs that have an anchor in `text` (or none at all), ascending. */
  private candidates(text: PreparedText): number[] {
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    const seen = this.seen;
    const candidates: number[] = [];
    const collect = (list: readonly number[] | undefined): void => {
      if (list === undefined) return;
      for (const index of list) {
        if (seen[index] !== stamp) {
          seen[index] = stamp;
          candidates.push(index);
        }
      }
    };
    collect(this.unanchored);
    const checkPrefixes = this.byPrefix.size > 0;
    for (const word of text.wordPositions.keys()) {
      collect(this.byWord.get(word));
      if (!checkPrefixes) continue;
      const longest = Math.min(word.length, this.maxPrefixLength);
      for (let length = this.minPrefixLength; length <= longest; length++) {
        collect(this.byPrefix.get(word.slice(0, length)));
      }
    }
    for (const tag of text.hashtags) collect(this.byHashtag.get(tag));
    for (const mention of text.mentions) collect(this.byMention.get(mention));
    // Sorting restores the caller's program order, which keeps results deterministic.
    return candidates.sort((a, b) => a - b);
  }
}

/** Whether a post in `lang` is in scope for a program configured with `languages` (empty: every language). */
export function languagePredicate(languages: readonly string[]): (lang: string) => boolean {
  if (languages.length === 0) return () => true;
  const allowed = new Set(languages.map(normaliseLanguage));
  return (lang) => allowed.has(normaliseLanguage(lang));
}

/**
 * Whether a post belongs to one program, as live ingestion decides it (query and languages):
 * what re-matching and previewing stored posts use. A query that does not parse matches nothing,
 * so callers check it first.
 */
export function programPredicate(program: MatchableProgram): (text: string, lang: string) => boolean {
  const matcher = new ProgramMatcher([program]);
  return (text, lang) => matcher.match(text, lang).length > 0;
}
