import type { Analysis, PostAnalyzer } from './analyzer.js';
import { createAnalyzer, type SiagaAnalyzer } from './sentiment-analyzer.js';

/**
 * The pipeline's analyzer under its original name (analyzer.ts exports it as DefaultAnalyzer):
 * every instance shares the one loaded model, so constructing it more than once costs nothing.
 */
export class LexiconAnalyzer implements PostAnalyzer {
  private readonly inner: SiagaAnalyzer = createAnalyzer();

  analyze(text: string, givenLang: string | undefined): Analysis {
    return this.inner.analyze(text, givenLang);
  }
}
