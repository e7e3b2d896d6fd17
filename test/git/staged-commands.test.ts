import { expect, it } from 'vitest';
import { git } from '../../src/git/git.js';
import { openRepository } from '../../src/git/repository.js';
import { STAGED_DIFF, startStagedCommands } from '../../src/git/staged-commands.js';
import { findingsOf, leak, loggingGit, makeRepo, runCli } from '../helpers/git-repo.js';

it('runs the first commands of a staged scan side by side, each taken once by the first identical call in the same context', async () => {
  const repo = makeRepo({ 'a.js': leak('Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuStg1') });
  repo.git('add', '.');
  const logging = loggingGit(repo.env);
  const context = { cwd: repo.root, env: logging.env };
  startStagedCommands(context);
  const repository = await openRepository(context, 'test');
  const diff = await git(repository, STAGED_DIFF);
  expect(repository.top).toBe(repo.root);
  expect(diff.toString('latin1')).toContain('a.js');
  // A plain repository is found without git; rev-parse runs (beside the diff) only where it is needed.
  expect(logging.calls().sort()).toEqual(['diff']);
  const relocated = { cwd: repo.root, env: { ...logging.env, GIT_DIR: `${repo.root}/.git` } };
  startStagedCommands(relocated);
  expect((await openRepository(relocated, 'test')).top).toBe(repo.root);
  await git(relocated, STAGED_DIFF);
  expect(logging.calls().sort()).toEqual(['diff', 'diff', 'rev-parse']);

  // Taken once: the same call again runs git again, with the same answer.
  expect(await git(repository, STAGED_DIFF)).toEqual(diff);
  // Another environment object (another caller) never takes an early run.
  startStagedCommands(context);
  await git({ cwd: repo.root, env: { ...logging.env } }, STAGED_DIFF);
  await git(repository, STAGED_DIFF); // takes the second early diff
  // (relocated:) early; early, again, early again, the other environment's own: five processes, not six.
  expect(logging.calls().filter((c) => c === 'diff')).toHaveLength(5);
});

it('leaves a failed early run to its taker: a usage error outside a repository, and no unhandled rejection', async () => {
  const outside = { cwd: '/', env: { ...process.env, GIT_CEILING_DIRECTORIES: '/' } };
  startStagedCommands(outside);
  await expect(openRepository(outside, '--staged')).rejects.toThrow(/--staged needs a git repository/);
});

it('never answers a later scan with an early run that a failed scan left untaken', async () => {
  const repo = makeRepo({ 'a.js': 'export const a = 1;\n' });
  repo.git('add', '.');
  repo.git('commit', '-qm', 'base');
  const io = { cwd: repo.root, env: repo.env }; // the same environment object for both runs, as the CLI's process.env
  // Fails after the staged commands started, before the listing takes the diff.
  const failed = await runCli(['scan', '--staged', '--diff', 'no-such-ref'], io);
  expect(failed.code).toBe(2);
  repo.write('b.js', leak('Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuStg1'));
  repo.git('add', 'b.js');
  const next = await runCli(['scan', '--staged', '--format', 'json'], io);
  expect(findingsOf(next.stdout)).toEqual(['b.js:2 jwt-inline-secret']);
});
