import { afterEach, describe, expect, it } from '@jest/globals';
import { cleanup, render, screen } from '@testing-library/react';
import '../i18n';
import { DataTable, type Column } from './DataTable';

interface Row {
  id: string;
  name: string;
}

const columns: Column<Row>[] = [
  { id: 'name', header: 'Name', rowHeader: true, cell: (row) => row.name },
  { id: 'id', header: 'Id', cell: (row) => row.id },
];

function table(props: { rows: Row[]; loading?: boolean; error?: unknown }) {
  return render(
    <DataTable
      caption="Things"
      columns={columns}
      rows={props.rows}
      rowKey={(row) => row.id}
      rowAttributes={(row) => ({ 'data-testid': 'row', 'data-id': row.id })}
      loading={props.loading ?? false}
      loadingLabel="Loading things"
      error={props.error ?? null}
      onRetry={() => undefined}
      retrying={false}
      empty="No things"
      emptyTestId="empty"
    />,
  );
}

afterEach(cleanup);

describe('DataTable', () => {
  it('renders a row header and data cells per row, with the row attributes', () => {
    table({ rows: [{ id: 'a', name: 'Ana' }, { id: 'b', name: 'Budi' }] });
    const rows = screen.getAllByTestId('row');
    expect(rows.map((r) => r.dataset.id)).toEqual(['a', 'b']);
    expect(screen.getByRole('rowheader', { name: 'Ana' })).toBeTruthy();
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Name', 'Id']);
  });

  it('scrolls in a region named by its caption that keyboard users can focus', () => {
    table({ rows: [{ id: 'a', name: 'Ana' }] });
    const region = screen.getByRole('region', { name: 'Things' });
    expect(region.tabIndex).toBe(0);
    expect(region.querySelector('table')).not.toBeNull();
  });

  it('says it is empty, and shows an error only when there is no row to show', () => {
    table({ rows: [] });
    expect(screen.getByTestId('empty').textContent).toBe('No things');
    cleanup();
    table({ rows: [], error: new Error('down') });
    expect(screen.getByRole('alert')).toBeTruthy();
    expect(screen.queryByTestId('empty')).toBeNull();
    cleanup();
    table({ rows: [{ id: 'a', name: 'Ana' }], error: new Error('refresh failed') });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getAllByTestId('row')).toHaveLength(1);
  });

  it('shows only the loading state while loading', () => {
    table({ rows: [], loading: true });
    expect(screen.getByRole('status').textContent).toBe('Loading things');
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByTestId('empty')).toBeNull();
  });
});
