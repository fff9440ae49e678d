import { Link } from 'react-router-dom';

export function NotFoundPage() {
  return (
    <div className="centered">
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
    </div>
  );
}
