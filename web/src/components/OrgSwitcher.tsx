import { useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../state/session';
import { useOrg } from '../state/org';

const SECTIONS = ['settings/secrets', 'data-explorer', 'tasks', 'load-data/tokens', 'audit'];

/** Switches org while staying on the same section (task ids etc. belong to the old org). */
export function OrgSwitcher() {
  const { orgs } = useSession();
  const org = useOrg();
  const navigate = useNavigate();
  const location = useLocation();
  const rest = location.pathname.replace(/^\/orgs\/[^/]+\/?/, '');
  const section = SECTIONS.find((s) => rest.startsWith(s)) ?? 'settings/secrets';
  return (
    <label className="org-switcher">
      <span className="org-switcher__label">Organization</span>
      <select
        className="input"
        value={org.id}
        onChange={(e) => navigate(`/orgs/${encodeURIComponent(e.target.value)}/${section}`)}
      >
        {orgs.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
}
