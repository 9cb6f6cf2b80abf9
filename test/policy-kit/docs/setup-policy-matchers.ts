// A snippet of docs/testing-policies.md (type-checked; the kit's own tests install the matchers per file).
// #region setup
// test/setup-policy-matchers.ts, listed in vitest.config.ts: test: { setupFiles: ['./test/setup-policy-matchers.ts'] }
import { installPolicyMatchers } from 'polity/testing';

installPolicyMatchers();
// #endregion
