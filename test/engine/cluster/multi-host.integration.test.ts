/**
 * Five nodes on five "hosts": each node runs in its own network namespace
 * with a veth pair to a bridge (in a namespace of its own), real TCP over
 * 10.77.0.0/24, tc netem on some links. Nodes 1 and 2 also have a direct
 * veth pair with /32 routes over it, and their bridge ports are isolated:
 * once that veth is down they can only reach each other through a third
 * node. See docs/multi-host.md.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ControlClient } from '../../../src/client/control-client.js';
import { runCl, startNodeProcess, type NodeProcess } from '../../helpers/cli.js';
import { eventually } from '../../helpers/eventually.js';
import { NetnsLab, listNamespaces, netemArgs, probe, randomLossRules, removeStaleNamespaces, run, runPrefix } from '../../helpers/netns.js';
import { tempDir } from '../../helpers/tmp.js';

const IDS = [1, 2, 3, 4, 5];
const LAN = '10.77.0';
const PORT = 5555;
const ipOf = (id: number) => `${LAN}.${id}`;
/** Links touching nodes 4 and 5 get 20 ms each way and 1 % loss (both ends of their bridge veth). */
const IMPAIRED = [4, 5];
const DELAY_MS = 20;
const LOSS_PERCENT = 1;
/** Heartbeat timings: fast, with a ping_timeout above a TCP retransmission (200 ms) plus the netem round trip. */
const TIMINGS = { ping_interval: 1, ping_timeout: 500, node_timeout: 2 };
const TAG = 'vip/1';
const POLICY = `${TAG}: on_down=takeover, on_conflict=lowest_id`;
/** The node that holds the tag first, killed at the end. */
const OWNER = 5;

interface ListNode {
  node_id: number;
  link_state: string;
  next_hop: string;
}
type ListReply = { Clusters: { cluster_id: number; Nodes: ListNode[] }[] };
interface Route {
  reachable: boolean;
  path: number[];
  next_hop: number;
  hops: number;
}

interface Net {
  lab: NetnsLab;
  bridgeNs: string;
  ns: Map<number, string>;
}

/** Why iptables cannot drop packets at random here, or null when it can (the loss without netem). */
function lossFallbackProblem(lab: NetnsLab, ns: string): string | null {
  try {
    lab.exec(ns, ['iptables', '-A', 'INPUT', '-m', 'statistic', '--mode', 'random', '--probability', '0.01', '-j', 'DROP']);
    lab.exec(ns, ['iptables', '-F', 'INPUT']);
    return null;
  } catch (err) {
    return `iptables cannot drop at random: ${(err as Error).message.split('\n')[0]}`;
  }
}

/**
 * The namespaces and their links; netem only when the kernel has it,
 * else the loss alone by iptables (`loss`), which dies with the namespaces.
 */
function buildNetwork(lab: NetnsLab, netem: boolean, loss: boolean): Net {
  const bridgeNs = lab.add('br');
  lab.bridge(bridgeNs, 'br0');
  const ns = new Map<number, string>();
  for (const id of IDS) {
    const n = lab.add(`n${id}`);
    ns.set(id, n);
    lab.veth({ ns: n, dev: 'eth0' }, { ns: bridgeNs, dev: `p${id}` });
    lab.attach(bridgeNs, `p${id}`, 'br0');
    lab.ip(n, 'addr', 'add', `${ipOf(id)}/24`, 'dev', 'eth0');
  }
  // 1 and 2 cannot reach each other over the bridge (isolated ports talk to non-isolated ones only) …
  lab.bridgeCmd(bridgeNs, 'link', 'set', 'dev', 'p1', 'isolated', 'on');
  lab.bridgeCmd(bridgeNs, 'link', 'set', 'dev', 'p2', 'isolated', 'on');
  // … but over a direct veth pair, with a /32 route each way
  lab.veth({ ns: ns.get(1)!, dev: 'd12' }, { ns: ns.get(2)!, dev: 'd21' });
  directRoutes(lab, ns);
  if (netem) {
    for (const id of IMPAIRED) {
      lab.tc(ns.get(id)!, ...netemArgs('eth0', DELAY_MS, LOSS_PERCENT));
      lab.tc(bridgeNs, ...netemArgs(`p${id}`, DELAY_MS, LOSS_PERCENT));
    }
  } else if (loss) {
    for (const id of IMPAIRED) for (const rule of randomLossRules('eth0', LOSS_PERCENT)) lab.exec(ns.get(id)!, ['iptables', ...rule]);
  }
  return { lab, bridgeNs, ns };
}

/** The /32 routes of the direct link (an admin down of d12 drops node 1's; `replace` makes this idempotent). */
function directRoutes(lab: NetnsLab, ns: Map<number, string>): void {
  lab.ip(ns.get(1)!, 'route', 'replace', `${ipOf(2)}/32`, 'dev', 'd12', 'src', ipOf(1));
  lab.ip(ns.get(2)!, 'route', 'replace', `${ipOf(1)}/32`, 'dev', 'd21', 'src', ipOf(2));
}

function configOf(dir: string, id: number): Record<string, unknown> {
  return {
    my_node_id: id,
    db_mode: 0,
    my_node_info: `cluster_id=1, url=bin:${ipOf(id)}:${PORT}`,
    neighbor_node_info: IDS.filter((x) => x !== id).map((x) => `cluster_id=1, node_id=${x}, url=bin:${ipOf(x)}:${PORT}`),
    control_socket: join(dir, `n${id}.sock`),
    state_file: join(dir, `n${id}.peers.json`),
    log_level: 'warn',
    sharing_tag: `${TAG}=${id === OWNER ? 'active' : 'backup'}`,
    sharing_tag_policy: POLICY,
    ...TIMINGS,
  };
}

async function listOf(c: ControlClient): Promise<ListNode[]> {
  return ((await c.call('clusterer_list')) as ListReply).Clusters[0]?.Nodes ?? [];
}

async function routeOf(socket: string, to: number): Promise<Route> {
  const r = await runCl(['cluster', 'route', '1', String(to), '--json', '-s', socket]);
  assert.ok(r.code === 0 || r.code === 1, `cl cluster route 1 ${to}: exit ${r.code} ${r.stderr}`);
  return JSON.parse(r.stdout) as Route;
}

/** Exit code of `cl shtag get` (0 active, 1 backup). */
async function shtagState(socket: string): Promise<number> {
  return (await runCl(['shtag', 'get', TAG, '-s', socket])).code;
}

/** SIGTERM, then SIGKILL if the process is still there after 5 s. */
async function stopProc(p: NodeProcess): Promise<void> {
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 5000);
  await p.stop();
  clearTimeout(timer);
}

const probed = probe();

test('five hosts in network namespaces: converge over real TCP with netem, reroute around a downed veth, hand over a sharing tag, leave no namespace behind', { timeout: 90_000 }, async (t) => {
  if (probed.problem) {
    t.skip(`network namespaces not available: ${probed.problem}`);
    return;
  }
  const stale = removeStaleNamespaces();
  if (stale.removed.length > 0) t.diagnostic(`removed namespaces of an earlier run: ${stale.removed.join(', ')}${stale.strayPids.length ? ` (processes still in them: ${stale.strayPids.join(', ')})` : ''}`);
  for (const f of stale.failed) t.diagnostic(`could not remove an earlier run's namespace ${f}`);

  const lab = new NetnsLab('mh');
  const { dir, cleanup } = tempDir();
  const unguard = lab.guard(cleanup);
  const procs = new Map<number, NodeProcess>();
  const clients = new Map<number, ControlClient>();
  const sock = (id: number) => procs.get(id)!.socket;
  const cleanupFailures: string[] = [];
  try {
    const lossProblem = probed.netem === null ? null : lossFallbackProblem(lab, lab.add('lossprobe'));
    const net = buildNetwork(lab, probed.netem === null, lossProblem === null);
    const started = await Promise.allSettled(
      IDS.map((id) => startNodeProcess(dir, `n${id}`, configOf(dir, id), [], { wrap: lab.execArgv(net.ns.get(id)!, []), onSpawn: (pid) => lab.adopt(pid) })),
    );
    started.forEach((r, i) => {
      if (r.status === 'fulfilled') procs.set(IDS[i]!, r.value);
    });
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    for (const id of IDS) clients.set(id, new ControlClient({ socketPath: sock(id), timeoutMs: 3000 }));

    await t.test('each node runs in its own namespace; they converge: every node sees every other Up, direct', async () => {
      for (const id of IDS) assert.equal(run(['ip', 'netns', 'identify', String(procs.get(id)!.pid)]).trim(), net.ns.get(id));
      await eventually(
        async () => {
          for (const id of IDS) {
            const nodes = await listOf(clients.get(id)!);
            const others = IDS.filter((x) => x !== id);
            if (nodes.length !== others.length) return false;
            if (!others.every((x) => nodes.some((n) => n.node_id === x && n.link_state === 'Up' && n.next_hop === String(x)))) return false;
          }
          return true;
        },
        { timeoutMs: 20_000, intervalMs: 100, what: 'all five nodes see each other Up' },
      );
    });

    await t.test(`tc netem: ${DELAY_MS} ms and ${LOSS_PERCENT} % loss each way on the links of nodes ${IMPAIRED.join(' and ')}`, { skip: probed.netem ?? false }, () => {
      for (const id of IMPAIRED) {
        for (const [ns, dev] of [[net.ns.get(id)!, 'eth0'], [net.bridgeNs, `p${id}`]] as const) {
          assert.match(lab.tc(ns, 'qdisc', 'show', 'dev', dev), new RegExp(`netem .*delay ${DELAY_MS}ms loss ${LOSS_PERCENT}%`));
        }
      }
      const rtt = (from: number, to: number) => lab.tcpRoundTripMs(net.ns.get(from)!, ipOf(to), 9);
      const slow = rtt(4, 3);
      const fast = rtt(1, 3);
      t.diagnostic(`TCP round trip 4 -> 3: ${slow} ms, 1 -> 3: ${fast} ms`);
      assert.ok(slow >= 2 * DELAY_MS - 2, `4 -> 3 takes ${slow} ms, at least ${2 * DELAY_MS} expected`);
      assert.ok(fast < DELAY_MS, `1 -> 3 takes ${fast} ms, no netem on it`);
    });

    // Without netem (a kernel built without it), the loss at least: what follows runs with it.
    const lossOnly = probed.netem !== null && lossProblem === null;
    await t.test(`without netem: ${LOSS_PERCENT} % loss each way on the links of nodes ${IMPAIRED.join(' and ')} by iptables (no delay)`, { skip: lossOnly ? false : (lossProblem ?? 'netem is there') }, () => {
      for (const id of IMPAIRED) {
        const rules = lab.exec(net.ns.get(id)!, ['iptables', '-S']);
        for (const dir of ['INPUT -i', 'OUTPUT -o']) {
          const m = new RegExp(`-A ${dir} eth0 -m statistic --mode random --probability ([0-9.]+) -j DROP`).exec(rules);
          assert.ok(m, `node ${id}: no ${dir.split(' ')[0]} rule in\n${rules}`);
          assert.ok(Math.abs(Number(m[1]) - LOSS_PERCENT / 100) < 1e-6, `node ${id}: probability ${m[1]}`);
        }
      }
      t.diagnostic(`this kernel has no netem (${probed.netem}): the impaired links lose ${LOSS_PERCENT} % of their packets but get no delay`);
    });

    await t.test('d12 down: 1 and 2 reach each other through a third node; up again: direct', async () => {
      const n1 = net.ns.get(1)!;
      assert.match(lab.ip(n1, 'route', 'get', ipOf(2)), /dev d12/, 'node 1 reaches node 2 over the direct veth');
      assert.deepEqual((await routeOf(sock(1), 2)).path, [1, 2]);

      lab.ip(n1, 'link', 'set', 'd12', 'down');
      assert.match(lab.ip(n1, 'route', 'get', ipOf(2)), /dev eth0/, 'only the bridge is left, where 1 and 2 are isolated');
      const third = (hop: string) => ['3', '4', '5'].includes(hop);
      await eventually(
        async () => {
          const of1 = (await listOf(clients.get(1)!)).find((n) => n.node_id === 2);
          const of2 = (await listOf(clients.get(2)!)).find((n) => n.node_id === 1);
          return of1 && of2 && of1.link_state !== 'Up' && third(of1.next_hop) && of2.link_state !== 'Up' && third(of2.next_hop);
        },
        { timeoutMs: 15_000, intervalMs: 100, what: 'nodes 1 and 2 route to each other through node 3, 4 or 5' },
      );
      const via = await routeOf(sock(1), 2);
      assert.equal(via.reachable, true);
      assert.equal(via.path.length, 3, `path ${via.path.join(' -> ')}`);
      assert.deepEqual([via.path[0], via.path[2], via.next_hop], [1, 2, via.path[1]]);
      assert.ok([3, 4, 5].includes(via.next_hop), `next hop ${via.next_hop}`);
      const back = await routeOf(sock(2), 1);
      assert.ok(back.reachable && back.path.length === 3 && [3, 4, 5].includes(back.next_hop), `2 -> 1: ${back.path.join(' -> ')}`);
      // an MI command and its result cross the relay: 1 -> hop -> 2 -> hop -> 1
      const mi = await runCl(['msg', 'mi', '1', 'uptime', '--to', '2', '--wait', '5s', '--json', '-s', sock(1)]);
      assert.equal(mi.code, 0, `cl msg mi --to 2 over the relay: ${mi.stdout}${mi.stderr}`);

      lab.ip(n1, 'link', 'set', 'd12', 'up');
      directRoutes(lab, net.ns);
      await eventually(
        async () => {
          const of1 = (await listOf(clients.get(1)!)).find((n) => n.node_id === 2);
          const of2 = (await listOf(clients.get(2)!)).find((n) => n.node_id === 1);
          if (!(of1?.link_state === 'Up' && of1.next_hop === '2' && of2?.link_state === 'Up' && of2.next_hop === '1')) return false;
          // `cl cluster route` on both sides: direct again (right after the veth is back the link may still go Up, Probe, Up once)
          const [r12, r21] = [await routeOf(sock(1), 2), await routeOf(sock(2), 1)];
          return r12.path.join() === '1,2' && r21.path.join() === '2,1';
        },
        { timeoutMs: 15_000, intervalMs: 100, what: 'the direct link 1 <-> 2 is Up again, and the route of each side is direct' },
      );
    });

    await t.test(`sharing tag ${TAG}: node ${OWNER} active; killed, the lowest backup (node 1) takes over`, async () => {
      const others = IDS.filter((x) => x !== OWNER);
      await eventually(async () => (await shtagState(sock(OWNER))) === 0 && (await Promise.all(others.map((id) => shtagState(sock(id))))).every((c) => c === 1), {
        timeoutMs: 10_000,
        intervalMs: 100,
        what: `node ${OWNER} active, the others backup`,
      });
      const owner = procs.get(OWNER)!;
      await owner.kill();
      lab.release(owner.pid);
      procs.delete(OWNER);
      await eventually(async () => (await shtagState(sock(1))) === 0, { timeoutMs: 15_000, intervalMs: 100, what: 'node 1 took over' });
      const got = JSON.parse((await runCl(['shtag', 'get', TAG, '--json', '-s', sock(1)])).stdout) as { state: string; reason: string };
      assert.deepEqual([got.state, got.reason], ['active', `takeover: active node ${OWNER} down`]);
      assert.deepEqual(await Promise.all(others.filter((x) => x !== 1).map((id) => shtagState(sock(id)))), [1, 1, 1], 'nodes 2-4 stay backup');
    });
  } finally {
    for (const c of clients.values()) await c.close();
    for (const p of procs.values()) {
      await stopProc(p);
      lab.release(p.pid);
    }
    cleanupFailures.push(...lab.cleanup());
    unguard();
    cleanup();
  }
  assert.deepEqual(cleanupFailures, [], 'cleanup');
  const mine = runPrefix(process.pid);
  assert.deepEqual(listNamespaces().filter((n) => n.startsWith(mine)), [], `namespaces ${mine}* left behind`);
});
