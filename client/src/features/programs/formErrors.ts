import { isApiError } from '../../api';

export type ProgramField = 'name' | 'slug' | 'query' | 'description' | 'languages' | 'sensitivity' | 'active';

/** Which message a field shows: a key of `programs:form.errors`. */
export type FieldErrorKey =
  | 'nameRequired'
  | 'nameTooLong'
  | 'nameInvalid'
  | 'slugRequired'
  | 'slugFormat'
  | 'slugTaken'
  | 'queryRequired'
  | 'queryTooLong'
  | 'queryInvalid'
  | 'descriptionTooLong'
  | 'languagesInvalid'
  | 'sensitivityInvalid'
  | 'activeInvalid';

export type FieldErrors = Partial<Record<ProgramField, FieldErrorKey>>;

const SERVER_FIELD_ERROR: Record<ProgramField, FieldErrorKey> = {
  name: 'nameInvalid',
  slug: 'slugFormat',
  query: 'queryInvalid',
  description: 'descriptionTooLong',
  languages: 'languagesInvalid',
  sensitivity: 'sensitivityInvalid',
  active: 'activeInvalid',
};

const FIELDS = new Set<string>(Object.keys(SERVER_FIELD_ERROR));

function isIssue(value: unknown): value is { path: string; message: string } {
  return typeof value === 'object' && value !== null && typeof (value as { path?: unknown }).path === 'string';
}

/**
 * The field errors of a refused save: a 400 `validation_failed` lists `{path, message}` per field,
 * a 409 is the slug already taken. The server's English wording is replaced by ours per field.
 */
export function fieldErrorsFromServer(error: unknown): FieldErrors {
  if (!isApiError(error)) return {};
  if (error.code === 'conflict') return { slug: 'slugTaken' };
  if (error.code !== 'validation_failed' || !Array.isArray(error.details)) return {};
  const errors: FieldErrors = {};
  for (const issue of error.details as unknown[]) {
    if (!isIssue(issue)) continue;
    const field = issue.path.split('.')[0] ?? '';
    if (FIELDS.has(field)) errors[field as ProgramField] ??= SERVER_FIELD_ERROR[field as ProgramField];
  }
  return errors;
}
