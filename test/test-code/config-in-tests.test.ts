/** A test's configuration file read by production code only by the variable's name stays a note. */
import { expect, it } from 'vitest';
import { makeTree } from '../helpers/temp-tree.js';
import { scanPaths } from '../helpers/scan-helpers.js';

it('a test compose file and a dev compose file linked to the same production read: note and error', async () => {
  const compose = (key: string) => `services:\n  api:\n    environment:\n      - SERVER_SECRET=${key}\n`;
  const root = makeTree({
    'src/token.ts': "import jwt from 'jsonwebtoken';\nexport const sign = (p: object) => jwt.sign(p, process.env.SERVER_SECRET as string);\n",
    'qms-tests/docker-compose.yaml': compose('qms-test-key-Hn4mBv8CxZ2lKj6gFd'),
    'dev/docker-compose.yaml': compose('dev-stack-key-Rt5yUi9OpA3sDf7gHj'),
  });
  const result = await scanPaths([root], { cwd: root });
  const level = (file: string) => result.findings.find((f) => f.file === file)?.level;
  expect(level('qms-tests/docker-compose.yaml')).toBe('note');
  expect(level('dev/docker-compose.yaml')).toBe('error');
});
