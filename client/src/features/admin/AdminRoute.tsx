import { RequireRole } from '../../ui/RequireRole';
import { AdminPage } from './AdminPage';

/** `/admin`: admins only; anyone else gets the "no access" page, not the admin screens. */
export function AdminRoute() {
  return (
    <RequireRole min="admin">
      <AdminPage />
    </RequireRole>
  );
}
