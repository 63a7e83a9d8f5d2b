// The screens' sign-in form: POST /api/v1/sessions with cookie: true. The server answers with an
// HttpOnly, SameSite=Strict session cookie (never readable here) and the page reloads into the screen.

const form = document.querySelector('[data-testid="sign-in-form"]');
const error = document.querySelector('[data-testid="sign-in-error"]');
const why = document.querySelector('[data-testid="sign-in-why"]');

if (document.body.dataset.forbidden === 'true') {
  why.textContent = 'You are signed in, but your role may not open this screen. Sign in as someone who may.';
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const data = new FormData(form);
  let response;
  try {
    response = await fetch('/api/v1/sessions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json' },
      body: JSON.stringify({ email: data.get('email'), password: data.get('password'), cookie: true }),
      cache: 'no-store',
    });
  } catch {
    show('The kitchen server cannot be reached.');
    return;
  }
  if (response.ok) {
    location.reload();
    return;
  }
  const problem = await response.json().catch(() => null);
  show(response.status === 429 ? 'Too many failed attempts; wait a few minutes.' : problem?.detail ?? `Sign-in failed (HTTP ${response.status}).`);
});

function show(text) {
  error.textContent = text;
  error.hidden = false;
}
