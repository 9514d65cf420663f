import { PulseboardError } from '@pulseboard/core';
import { SimDriver } from '@pulseboard/core/hardware/drivers/sim';
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { readJson } from '../http/body.js';
import type { Principal } from '../http/gate.js';
import { sendJson } from '../http/respond.js';
import type { Router } from '../http/router.js';
import { parseBody } from './validate.js';

// The simulated board's outside world, for the lab and demos: press a button, open a door,
// wedge a relay. Admins only, and only on the sim driver (real hardware is driven by the
// world, not by an API).
const inputBody = z.strictObject({ value: z.union([z.literal(0), z.literal(1)]) });
const faultBody = z.strictObject({
  fault: z.union([
    z.null(),
    z.strictObject({ kind: z.literal('stuck') }),
    z.strictObject({ kind: z.literal('no-effect') }),
    z.strictObject({ kind: z.literal('error'), message: z.string().max(200).optional() }),
  ]),
});

function simOf(s: Services, role: Principal['role']): SimDriver {
  if (role !== 'admin')
    throw new PulseboardError('FORBIDDEN_ROLE', 'Only an admin drives the simulated board');
  if (!(s.driver instanceof SimDriver))
    throw new PulseboardError('BAD_REQUEST', 'This board is real hardware, not the simulator');
  return s.driver;
}

export function simRoutes(router: Router<Principal>, s: Services): void {
  router.add('POST', '/api/sim/inputs/:name', async (ctx) => {
    const sim = simOf(s, ctx.session.role);
    const { value } = parseBody(inputBody, await readJson(ctx.req));
    const name = ctx.params.name ?? '';
    try {
      sim.simulateInput(name, value);
    } catch (e) {
      // The driver says "not an input" as a TypeError: that is the caller's mistake.
      throw e instanceof TypeError ? new PulseboardError('BAD_REQUEST', `${name} is not an input`) : e;
    }
    sendJson(ctx.res, 200, { line: name, value });
  });

  router.add('PUT', '/api/sim/faults/:name', async (ctx) => {
    const sim = simOf(s, ctx.session.role);
    const { fault } = parseBody(faultBody, await readJson(ctx.req));
    const name = ctx.params.name ?? '';
    sim.injectFault(name, fault);
    sendJson(ctx.res, 200, { line: name, fault });
  });
}
