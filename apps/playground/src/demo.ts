import { createFlows } from './flows.ts';

interface Row {
  flow: string;
  target: string;
  result: string;
  ok: boolean;
}

/** Run all four flows end to end in the terminal, print a summary table; true when every flow worked. */
export async function runDemo(print: (line: string) => void = console.log): Promise<boolean> {
  const flows = await createFlows();
  const rows: Row[] = [];
  const step = async (flow: string, target: string, fn: () => Promise<string>) => {
    try {
      rows.push({ flow, target, result: await fn(), ok: true });
    } catch (error) {
      rows.push({ flow, target, result: `${(error as Error).name}: ${(error as Error).message}`, ok: false });
    }
  };
  const authCount = (service: 'clickatell-soap' | 'sbt') => flows.emulator?.counters(service).auth ?? 0;
  try {
    await step(
      'Clickatell SOAP: 16 min kept alive, 16 min idle, renewed',
      flows.targets.clickatell,
      async () => {
        await flows.clickatell.login();
        const credit = await flows.clickatell.balance();
        if (flows.targets.clickatell === 'real') return `credit ${credit}`;
        await flows.warp(16 * 60_000); // the keep-alive ping at minute 10 to 11 holds the session
        await flows.clickatell.balance();
        const kept = authCount('clickatell-soap');
        await flows.clickatell.setKeepAlive(false);
        await flows.warp(16 * 60_000); // idle past 15 minutes: the next call renews it
        await flows.clickatell.balance();
        const renewed = authCount('clickatell-soap');
        if (kept !== 1 || renewed !== 2) throw new Error(`auth calls: ${kept} then ${renewed}, not 1 then 2`);
        return `credit ${credit}; 1 auth call while kept alive, 2 after 16 idle minutes`;
      },
    );
    await step('Clickatell 2FA: PIN, wrong then right', flows.targets.mfa, async () => {
      const phone = flows.mfa.phone;
      if (!phone) return 'skipped on real endpoints (needs a phone)';
      const { id } = await flows.mfa.request('pin', phone);
      const pin = flows.mfa.inbox(phone).find((m) => m.apiRequestId === id)?.pin ?? '';
      const wrong = await flows.mfa.verify(id, pin === '000000' ? '111111' : '000000');
      const right = await flows.mfa.verify(id, pin);
      if (right.state !== 'solved') throw new Error(`PIN challenge ended ${right.state}`);
      return `${wrong.state} → ${right.state}`;
    });
    await step('Clickatell 2FA: Grid solved by the phone user', flows.targets.mfa, async () => {
      const phone = flows.mfa.phone;
      if (!phone) return 'skipped on real endpoints (needs a phone)';
      const { id } = await flows.mfa.request('grid', phone);
      await flows.mfa.solve(id);
      for (let i = 0; i < 50; i++) {
        const status = flows.mfa.challenges().find((c) => c.id === id)?.status;
        if (status?.terminal) return status.state;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('Grid challenge did not finish');
    });
    for (const setting of flows.sbt.settings) {
      await step(`SBT ${setting}: token, send`, flows.targets.sbt, async () => {
        const token = await flows.sbt.token(setting);
        // a real key would send a real SMS: the demo only takes a token there
        if (flows.targets.sbt === 'real') return `token ${token?.token}; no SMS sent on a real account`;
        const { transactionTicket } = await flows.sbt.send(setting);
        return `sent, ticket ${transactionTicket}`;
      });
    }
    await step('Recite CMS: log in, identity, log out', flows.targets.cms, async () => {
      if (flows.targets.cms === 'real') return 'skipped on real endpoints (needs a site user)';
      const { token, identity } = await flows.cms.login('alice', 'wonderland', undefined);
      const cookie = new Request('http://playground', { headers: { cookie: `authToken=${token}` } });
      const me = await flows.cms.me(cookie);
      await flows.cms.logout(cookie);
      const after = await flows.cms.me(cookie);
      if (me.identity?.username !== identity.username || after.identity !== null)
        throw new Error('identity did not follow the cookie');
      return `${identity.firstName} ${identity.lastName} in, then out`;
    });
  } finally {
    await flows.close();
  }
  const width = Math.max(...rows.map((r) => r.flow.length));
  print(`${'flow'.padEnd(width)}  target    ok   result`);
  print(`${'-'.repeat(width)}  --------  ---  ------`);
  for (const row of rows)
    print(`${row.flow.padEnd(width)}  ${row.target.padEnd(8)}  ${row.ok ? 'yes' : 'NO '}  ${row.result}`);
  const failed = rows.filter((r) => !r.ok).length;
  print(`\n${rows.length - failed} passed, ${failed} failed`);
  return failed === 0;
}
