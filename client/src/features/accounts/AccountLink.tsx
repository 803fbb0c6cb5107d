import type { ReactNode } from 'react';
import { Link, useInRouterContext } from 'react-router';
import { accountPath } from './accountsApi';

/**
 * A handle that opens its account page; the handle is text from a platform, rendered escaped in `<bdi>`.
 * Outside a router (a card rendered alone) it is a plain link to the same address.
 */
export function AccountLink({ source, handle, children }: { source: string; handle: string; children?: ReactNode }) {
  const inRouter = useInRouterContext();
  const content = children ?? <bdi>@{handle.replace(/^@+/, '')}</bdi>;
  const to = accountPath(source, handle);
  return inRouter ? (
    <Link className="account-link" to={to} data-testid="account-link">
      {content}
    </Link>
  ) : (
    <a className="account-link" href={to} data-testid="account-link">
      {content}
    </a>
  );
}
