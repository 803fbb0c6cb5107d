export type { QueryNode } from './ast.js';
export { QuerySyntaxError } from './errors.js';
export { foldText } from './fold.js';
export { parseQuery } from './parser.js';
export { formatQuery } from './format.js';
export { prepareText, type PreparedText } from './text.js';
export { compileQuery, type CompiledQuery } from './compile.js';
export { ProgramMatcher, languagePredicate, programPredicate, type MatchableProgram } from './matcher.js';
export { asciiQuerySql } from './sql.js';
