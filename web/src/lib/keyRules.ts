/** The server's own key rules (a pure shared module), so the UI checks keys exactly as it will. */
export { secretKeyProblem, MAX_KEY_BYTES, MAX_VALUE_BYTES } from '../../../src/secrets/key-rules';
