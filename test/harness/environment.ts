import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core reads its settings from the environment when first imported: keep everything it
// writes inside a throwaway folder, never in the user's home.
const folder = mkdtempSync(join(tmpdir(), 'n8n-harness-'));
process.env.N8N_USER_FOLDER ??= folder;
process.env.N8N_ENCRYPTION_KEY ??= 'test-encryption-key-not-secret';
process.env.N8N_BINARY_DATA_STORAGE_PATH ??= join(folder, 'binaryData');
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
// n8n logs node errors through its own logger; tests read errors from the run result instead.
process.env.N8N_LOG_LEVEL ??= 'silent';

export const harnessFolder = folder;
