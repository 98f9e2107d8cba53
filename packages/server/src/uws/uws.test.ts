// The generic UWS machinery on a real SQLite archive file: one obscura.uws_jobs table shared by several services
// (each JobStore and each job list sees only its own service's rows), restart recovery per service (QUEUED jobs run;
// EXECUTING ones end in ERROR, or run again in the same directory for a service with resumeOnRestart), and owner
// scoping of the HTTP job list (UWS 1.1 §2.1 Owner) with the users a request carries (auth/request-user.ts).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type Database, openDatabase } from '@obscura/archive';
import Fastify from 'fastify';
import { setRequestUser } from '../auth/request-user.ts';
import { errorHandler } from '../errors.ts';
import { JobFailure, JobRunner, type JobWork, RESTART_MESSAGE } from './job-runner.ts';
import { type Job, JobStore } from './job-store.ts';
import { jobXml } from './job-xml.ts';
import { uwsRoutes } from './routes.ts';

async function withDatabase<T>(fn: (db: Database, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'obscura-uws-'));
  const db = await openDatabase(`sqlite:${join(dir, 'archive.sqlite')}`);
  try {
    return await fn(db, dir);
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function newJob(service: string, jobId: string, over: Partial<Job> = {}): Job {
  const now = Date.now();
  return {
    jobId,
    service,
    runId: null,
    ownerId: null,
    phase: 'PENDING',
    creationTime: now,
    startTime: null,
    endTime: null,
    executionDuration: 60,
    destruction: now + 3_600_000,
    quote: null,
    parameters: [['N', '1']],
    results: [],
    error: null,
    ...over,
  };
}

/** Writes `out.txt` holding the job's N parameter and counts its runs in `runs.txt` of the job directory. */
const writingWork: JobWork = async (job, { directory }) => {
  const runs = join(directory, 'runs.txt');
  const before = existsSync(runs) ? Number(await readFile(runs, 'utf8')) : 0;
  await writeFile(runs, String(before + 1));
  const n = job.parameters.find(([k]) => k === 'N')?.[1] ?? '';
  if (n === 'fail') throw new JobFailure('N=fail asks this job to fail');
  await writeFile(join(directory, 'out.txt'), n);
  return [{ id: 'result', file: 'out.txt', mimeType: 'text/plain', size: n.length }];
};

describe('UWS job store', () => {
  test('one table, one list per service: a service never sees or deletes another one’s job', async () => {
    await withDatabase(async (db) => {
      const tap = new JobStore(db, 'tap');
      const soda = new JobStore(db, 'soda');
      await tap.save(newJob('tap', 't1'));
      await tap.save(newJob('tap', 't2', { phase: 'COMPLETED' }));
      await soda.save(newJob('soda', 's1'));
      assert.deepEqual(
        (await tap.list()).map((j) => j.jobId),
        ['t1', 't2'],
      );
      assert.deepEqual(
        (await soda.list()).map((j) => j.jobId),
        ['s1'],
      );
      assert.equal(await soda.get('t1'), null);
      await soda.delete('t1');
      assert.ok(await tap.get('t1'), 'deleting through another service leaves the job');
      assert.deepEqual(
        (await tap.list({ phases: ['COMPLETED'] })).map((j) => j.jobId),
        ['t2'],
      );
    });
  });

  test('owner filter: a user’s jobs, or only the anonymous ones', async () => {
    await withDatabase(async (db) => {
      const store = new JobStore(db, 'soda');
      await store.save(newJob('soda', 'a', { ownerId: 'alice' }));
      await store.save(newJob('soda', 'b', { ownerId: 'bob' }));
      await store.save(newJob('soda', 'n'));
      assert.deepEqual(
        (await store.list({ ownerId: 'alice' })).map((j) => j.jobId),
        ['a'],
      );
      assert.deepEqual(
        (await store.list({ ownerId: null })).map((j) => j.jobId),
        ['n'],
      );
      assert.equal((await store.list()).length, 3);
      assert.match(jobXml((await store.get('a'))!, { job: 'http://x/a' }), /<uws:ownerId>alice<\/uws:ownerId>/);
      assert.match(jobXml((await store.get('n'))!, { job: 'http://x/n' }), /<uws:ownerId xsi:nil="true"\/>/);
    });
  });
});

describe('UWS job runner', () => {
  test('restart recovery for each service: QUEUED run; EXECUTING end in ERROR, or run again with resumeOnRestart', async () => {
    await withDatabase(async (db, dir) => {
      const stores = { plain: new JobStore(db, 'plain'), resuming: new JobStore(db, 'resuming') };
      // What a process killed mid-work leaves: one QUEUED and one EXECUTING job per service, the latter with a file.
      for (const [service, store] of Object.entries(stores)) {
        await store.save(newJob(service, `${service}-queued`, { phase: 'QUEUED', parameters: [['N', 'q']] }));
        await store.save(
          newJob(service, `${service}-running`, { phase: 'EXECUTING', startTime: 1, parameters: [['N', 'r']] }),
        );
      }
      const runners = {
        plain: new JobRunner({ store: stores.plain, directory: join(dir, 'plain'), work: writingWork }),
        resuming: new JobRunner({
          store: stores.resuming,
          directory: join(dir, 'resuming'),
          work: writingWork,
          resumeOnRestart: true,
        }),
      };
      await runners.resuming.start();
      await runners.plain.start();
      try {
        for (const [service, runner] of Object.entries(runners)) {
          const queued = await runner.wait(`${service}-queued`, 30);
          assert.equal(queued?.phase, 'COMPLETED', `${service}: a QUEUED job runs after the restart`);
          assert.equal(await readFile(join(runner.jobDirectory(`${service}-queued`), 'out.txt'), 'utf8'), 'q');
        }
        const ended = await stores.plain.get('plain-running');
        assert.equal(ended?.phase, 'ERROR');
        assert.equal(ended?.error?.message, RESTART_MESSAGE);
        assert.equal(existsSync(join(runners.plain.jobDirectory('plain-running'), 'out.txt')), false);
        const resumed = await runners.resuming.wait('resuming-running', 30);
        assert.equal(resumed?.phase, 'COMPLETED', 'resumeOnRestart queues the EXECUTING job again');
        assert.equal(resumed?.error, null);
        assert.deepEqual(
          resumed?.results.map((r) => r.id),
          ['result'],
        );
      } finally {
        await runners.plain.close();
        await runners.resuming.close();
      }
    });
  });

  test('a resumed job runs in the directory it had: the work sees what it already wrote', async () => {
    await withDatabase(async (db, dir) => {
      const store = new JobStore(db, 'bulkish');
      const runner = new JobRunner({
        store,
        directory: join(dir, 'bulkish'),
        work: writingWork,
        resumeOnRestart: true,
      });
      await store.save(newJob('bulkish', 'j', { phase: 'EXECUTING', startTime: 1 }));
      const { mkdir } = await import('node:fs/promises');
      await mkdir(runner.jobDirectory('j'), { recursive: true });
      await writeFile(join(runner.jobDirectory('j'), 'runs.txt'), '1');
      await runner.start();
      try {
        assert.equal((await runner.wait('j', 30))?.phase, 'COMPLETED');
        assert.equal(await readFile(join(runner.jobDirectory('j'), 'runs.txt'), 'utf8'), '2');
      } finally {
        await runner.close();
      }
    });
  });

  test('a restart removes the partial .tmp files a killed process left in its EXECUTING jobs (nested too)', async () => {
    await withDatabase(async (db, dir) => {
      const { mkdir } = await import('node:fs/promises');
      for (const resumeOnRestart of [false, true]) {
        const service = resumeOnRestart ? 'resuming' : 'plain';
        const store = new JobStore(db, service);
        const runner = new JobRunner({ store, directory: join(dir, service), work: writingWork, resumeOnRestart });
        await store.save(newJob(service, 'killed', { phase: 'EXECUTING', startTime: 1 }));
        const jobDir = runner.jobDirectory('killed');
        await mkdir(join(jobDir, 'cutouts'), { recursive: true });
        await writeFile(join(jobDir, 'cutout-1.fits.tmp'), 'half');
        await writeFile(join(jobDir, 'cutouts', '000001_a.fits.tmp'), 'half');
        await writeFile(join(jobDir, 'cutouts', '000000_a.fits'), 'whole');
        await runner.start();
        try {
          await runner.wait('killed', 30);
          assert.equal(existsSync(join(jobDir, 'cutout-1.fits.tmp')), false, service);
          assert.equal(existsSync(join(jobDir, 'cutouts', '000001_a.fits.tmp')), false, service);
          assert.equal(await readFile(join(jobDir, 'cutouts', '000000_a.fits'), 'utf8'), 'whole', service);
        } finally {
          await runner.close();
        }
      }
    });
  });

  test('close() aborts a running job and returns only once its work has returned; the job stays EXECUTING', async () => {
    await withDatabase(async (db, dir) => {
      const store = new JobStore(db, 'closing');
      const events: string[] = [];
      let started!: () => void;
      const running = new Promise<void>((r) => {
        started = r;
      });
      let letItStop!: () => void;
      const runner = new JobRunner({
        store,
        directory: join(dir, 'closing'),
        resumeOnRestart: true,
        // A job slow to stop (a cutout finishing its chunk): it returns only when the test lets it.
        work: async (_job, { signal }) => {
          started();
          await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
          await new Promise<void>((r) => {
            letItStop = r;
          });
          events.push('work returned');
          throw signal.reason;
        },
      });
      await runner.start();
      await store.save(newJob('closing', 'c'));
      await runner.run('c');
      await running;
      const closing = runner.close().then(() => events.push('closed'));
      // Several turns of the event loop: a close() that did not wait for the work would have resolved by now.
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      letItStop();
      await closing;
      assert.deepEqual(events, ['work returned', 'closed']);
      // Stopped by the shutdown, not failed: the next start resumes (or reports) it.
      assert.equal((await store.get('c'))?.phase, 'EXECUTING');
    });
  });

  test('a JobFailure becomes the errorSummary as is', async () => {
    await withDatabase(async (db, dir) => {
      const store = new JobStore(db, 'x');
      const runner = new JobRunner({ store, directory: join(dir, 'x'), work: writingWork });
      await runner.start();
      try {
        await store.save(newJob('x', 'f', { parameters: [['N', 'fail']] }));
        await runner.run('f');
        const job = await runner.wait('f', 30);
        assert.equal(job?.phase, 'ERROR');
        assert.deepEqual(job?.error, { type: 'fatal', message: 'N=fail asks this job to fail' });
      } finally {
        await runner.close();
      }
    });
  });
});

describe('UWS job list over HTTP', () => {
  test('two services side by side; owners see only their jobs; another owner’s job is 401/403', async () => {
    await withDatabase(async (db, dir) => {
      const app = Fastify({ logger: false });
      app.setErrorHandler(errorHandler('text'));
      // The users a bearer-token hook would have set (here from a header naming the user directly).
      app.addHook('onRequest', async (request) => {
        const name = request.headers['x-user'];
        if (typeof name === 'string') setRequestUser(request, { name, proposals: [] });
      });
      app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) => {
        done(null, new URLSearchParams(body as string));
      });
      const limits = { executionDuration: { default: 60, hard: 600 }, retention: { default: 3600, hard: 7200 } };
      let base = '';
      for (const service of ['one', 'two']) {
        app.register(
          async (i) => {
            await uwsRoutes(i, {
              service,
              db,
              dataDir: dir,
              jobListUrl: () => `${base}/${service}/async`,
              work: writingWork,
              limits,
            });
          },
          { prefix: `/${service}` },
        );
      }
      base = await app.listen({ port: 0, host: '127.0.0.1' });
      try {
        const create = async (service: string, user?: string, n = '1') => {
          const r = await fetch(`${base}/${service}/async`, {
            method: 'POST',
            headers: user ? { 'x-user': user } : {},
            body: new URLSearchParams({ N: n, PHASE: 'RUN' }),
            redirect: 'manual',
          });
          assert.equal(r.status, 303);
          return r.headers.get('location')!;
        };
        const ids = async (service: string, user?: string) => {
          const xml = await (
            await fetch(`${base}/${service}/async`, { headers: user ? { 'x-user': user } : {} })
          ).text();
          return [...xml.matchAll(/<uws:jobref id="([^"]+)"/g)].map((m) => m[1]).length;
        };
        const alice = await create('one', 'alice', 'a');
        await create('one', 'bob');
        const anon = await create('one');
        await create('two', 'alice');
        assert.equal(await ids('one', 'alice'), 1);
        assert.equal(await ids('one', 'bob'), 1);
        assert.equal(await ids('one'), 1, 'anonymous requests see only anonymous jobs');
        assert.equal(await ids('two', 'alice'), 1);
        assert.equal(await ids('two'), 0);

        const own = await fetch(`${alice}?WAIT=30`, { headers: { 'x-user': 'alice' } });
        const xml = await own.text();
        assert.match(xml, /<uws:ownerId>alice<\/uws:ownerId>/);
        assert.match(xml, /<uws:phase>COMPLETED<\/uws:phase>/);
        assert.equal(await (await fetch(`${alice}/owner`, { headers: { 'x-user': 'alice' } })).text(), 'alice');
        const result = await fetch(`${alice}/results/result`, { headers: { 'x-user': 'alice' } });
        assert.equal(await result.text(), 'a');

        const bob = await fetch(`${alice}/results/result`, { headers: { 'x-user': 'bob' } });
        assert.equal(bob.status, 403);
        assert.match(await bob.text(), /belongs to another user/);
        const nobody = await fetch(alice);
        assert.equal(nobody.status, 401);
        assert.equal(nobody.headers.get('www-authenticate'), 'Bearer');
        const del = await fetch(alice, { method: 'DELETE', headers: { 'x-user': 'bob' }, redirect: 'manual' });
        assert.equal(del.status, 403, 'another user cannot delete the job');
        // Anonymous jobs stay reachable by their URL, as before authentication existed.
        assert.equal((await fetch(anon, { headers: { 'x-user': 'bob' } })).status, 200);
        // A job of one service is not in the other's list or URL space.
        const other = alice.replace('/one/async/', '/two/async/');
        assert.equal((await fetch(other, { headers: { 'x-user': 'alice' } })).status, 404);
      } finally {
        await app.close();
      }
    });
  });
});

describe('UWS job public base', () => {
  test('a job keeps the public base of the request that created it, in its row, and not as a parameter', async () => {
    await withDatabase(async (db, dir) => {
      const app = Fastify({ logger: false });
      app.setErrorHandler(errorHandler('text'));
      app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) => {
        done(null, new URLSearchParams(body as string));
      });
      // The work writes the base it was given (as TAP's writes access_url values on it).
      const work: JobWork = async (job, { directory }) => {
        const text = String(job.publicBase);
        await writeFile(join(directory, 'out.txt'), text);
        return [{ id: 'result', file: 'out.txt', mimeType: 'text/plain', size: text.length }];
      };
      await uwsRoutes(app, {
        service: 'pb',
        db,
        dataDir: dir,
        jobListUrl: (request) => `http://${request.host}/async`,
        publicBase: (request) => `${request.protocol}://${request.host}`,
        work,
        limits: { executionDuration: { default: 60, hard: 600 }, retention: { default: 3600, hard: 7200 } },
      });
      try {
        const created = await app.inject({
          method: 'POST',
          url: '/async',
          headers: { host: 'archive.example.org:8443', 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'N=1&PHASE=RUN',
        });
        assert.equal(created.statusCode, 303);
        const id = String(created.headers.location).split('/').pop() as string;
        const saved = await new JobStore(db, 'pb').get(id);
        assert.equal(saved?.publicBase, 'http://archive.example.org:8443');
        // Later requests through another Host do not change it.
        const done = await app.inject({ url: `/async/${id}?WAIT=30`, headers: { host: 'other:1' } });
        assert.match(done.body, /<uws:phase>COMPLETED<\/uws:phase>/);
        const result = await app.inject({ url: `/async/${id}/results/result`, headers: { host: 'other:1' } });
        assert.equal(result.body, 'http://archive.example.org:8443');
        const parameters = await app.inject({ url: `/async/${id}/parameters` });
        assert.doesNotMatch(parameters.body, /archive\.example\.org/);
        assert.doesNotMatch(done.body, /archive\.example\.org/);
      } finally {
        await app.close();
      }
    });
  });

  test('a service without publicBase makes jobs with none; the store round-trips the value', async () => {
    await withDatabase(async (db) => {
      const store = new JobStore(db, 'x');
      await store.save(newJob('x', 'a', { publicBase: 'https://h.example/obscura' }));
      await store.save(newJob('x', 'b'));
      assert.equal((await store.get('a'))?.publicBase, 'https://h.example/obscura');
      assert.equal((await store.get('b'))?.publicBase, null);
    });
  });
});
