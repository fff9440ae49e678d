import { useEffect, useRef, type ReactNode } from 'react';
import { NavLink, useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../state/session';
import { useOrg } from '../state/org';
import { useToasts } from '../state/toasts';
import { OrgSwitcher } from './OrgSwitcher';

const NAV = [
  { to: 'settings/secrets', label: 'Secrets' },
  { to: 'data-explorer', label: 'Script editor' },
  { to: 'tasks', label: 'Tasks' },
  { to: 'load-data/tokens', label: 'API tokens' },
  { to: 'audit', label: 'Audit log' },
];

/** Header (brand, org switcher, user, sign out), side navigation and the main region. */
export function AppShell({ children }: { children: ReactNode }) {
  const session = useSession();
  const org = useOrg();
  const toasts = useToasts();
  const navigate = useNavigate();
  const base = `/orgs/${encodeURIComponent(org.id)}`;
  const { pathname } = useLocation();
  const firstRender = useRef(true);

  // After client-side navigation, move focus to the new page's heading (as a page load would).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const frame = requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
    return () => cancelAnimationFrame(frame);
  }, [pathname]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Strongroom</span>
        <OrgSwitcher />
        <span className="topbar__spacer" />
        <span className="topbar__user" aria-label="Signed in as">
          {session.me?.name}
        </span>
        <button
          type="button"
          className="button button--small"
          onClick={async () => {
            try {
              await session.signOut();
              navigate('/signin', { replace: true });
              toasts.success('Signed out.');
            } catch (err) {
              toasts.error(err, 'Sign out failed');
            }
          }}
        >
          Sign out
        </button>
      </header>
      <nav className="sidenav" aria-label="Main">
        <ul>
          {NAV.map((item) => (
            <li key={item.to}>
              <NavLink to={`${base}/${item.to}`} className={({ isActive }) => (isActive ? 'active' : undefined)}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="main">
        {children}
      </main>
    </div>
  );
}
