import type { ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage';
import { Loading } from './Loading';
import { ScrollRegion } from './ScrollRegion';

export interface Column<T> {
  /** Unique among the table's columns (the React key). */
  id: string;
  /** The header; an actions column passes hidden text (`sr-only`). */
  header: ReactNode;
  cell(row: T): ReactNode;
  /** The cell that names the row: rendered as `<th scope="row">`. */
  rowHeader?: boolean;
  className?: string;
}

/** Attributes of a body row: test ids and `data-*` keys, and a class for a row's state. */
export type RowAttributes = { className?: string | undefined } & { [data: `data-${string}`]: string | undefined };

interface DataTableProps<T> {
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey(row: T): string;
  /** Read by screen readers only: what the table lists. */
  caption: string;
  /** True until the first answer. */
  loading: boolean;
  loadingLabel: string;
  /** The failed load, or null. Rows already loaded win over it: a failed refresh keeps them shown. */
  error: unknown;
  onRetry(): void;
  retrying: boolean;
  /** What an empty list says. */
  empty: ReactNode;
  emptyTestId?: string;
  /** Classes added to `table`. */
  className?: string;
  rowAttributes?(row: T): RowAttributes;
}

/** A list as a table, with its loading, error and empty states in one place. */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  caption,
  loading,
  loadingLabel,
  error,
  onRetry,
  retrying,
  empty,
  emptyTestId,
  className,
  rowAttributes,
}: DataTableProps<T>) {
  if (loading) return <Loading label={loadingLabel} />;
  if (error !== null && error !== undefined && rows.length === 0) return <ErrorMessage error={error} onRetry={onRetry} retrying={retrying} />;
  if (rows.length === 0) {
    return (
      <p className="empty" data-testid={emptyTestId}>
        {empty}
      </p>
    );
  }
  return (
    <ScrollRegion label={caption}>
      <table className={className ? `table ${className}` : 'table'}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.id} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowAttributes?.(row)}>
              {columns.map((column) =>
                column.rowHeader ? (
                  <th key={column.id} scope="row" className={column.className}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={column.id} className={column.className}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
