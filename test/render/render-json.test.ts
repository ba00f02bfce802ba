import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/render/render-json.js';
import { isRisky, type Plan } from '../../src/plan/types.js';
import { makeTestPlan, samplePlan, step } from './plan-builders.js';

describe('renderJson', () => {
  it('renders the contract example exactly', () => {
    const plan = makeTestPlan([step.user('add-admin', 'eng-all', '228000000000000', 'carol')]);
    expect(renderJson(plan)).toBe(`{
  "format_version": 1,
  "steps": [
    {
      "group": "eng-all",
      "group_id": "228000000000000",
      "action": "add-admin",
      "details": {
        "user": "carol"
      }
    }
  ],
  "summary": {
    "create": 0,
    "import": 0,
    "update": 0,
    "transfer": 0,
    "add-member": 0,
    "remove-member": 0,
    "add-admin": 1,
    "remove-admin": 0,
    "enable": 0,
    "disable": 0,
    "mute-all": 0,
    "unmute-all": 0,
    "set-announcement": 0,
    "add-allow": 0,
    "remove-allow": 0,
    "block": 0,
    "unblock": 0,
    "dismiss": 0
  },
  "binding_changes": [],
  "unmanaged": [],
  "errors": [],
  "warnings": [],
  "guards": {
    "removals": {
      "count": 0,
      "limit": 10
    },
    "recreates": {
      "count": 0,
      "limit": 3
    },
    "forgets": {
      "count": 0,
      "limit": 3
    }
  },
  "live_members": 0,
  "bound_groups": 0,
  "state_bindings": 0
}
`);
  });

  it('marks risky steps, and only those', () => {
    const parsed = JSON.parse(renderJson(samplePlan())) as { steps: Array<{ action: string; risky?: boolean }> };
    for (const s of parsed.steps) {
      expect(s.risky, s.action).toBe(isRisky(s.action as never) ? true : undefined);
    }
    expect(parsed.steps.filter((s) => s.risky)).toHaveLength(3);
  });

  it('survives a JSON round trip: the plan comes back once the risky marks are dropped', () => {
    const plan = { ...samplePlan(), fingerprints: { '228001': 'abc', '228003': 'def' }, creates: ['design'] };
    const parsed = JSON.parse(renderJson(plan)) as Plan & { steps: Array<{ risky?: boolean }> };
    for (const s of parsed.steps) delete s.risky;
    expect(parsed).toEqual(plan);
  });

  it('prints keys in one order whatever order the plan was built in', () => {
    const plan = samplePlan();
    const scrambled = JSON.parse(JSON.stringify(plan, Object.keys(flatKeys(plan)).reverse())) as Plan;
    expect(Object.keys(scrambled)[0]).not.toBe('format_version');
    expect(renderJson(scrambled)).toBe(renderJson(plan));
  });

  it('keeps the steps in plan order', () => {
    const plan = samplePlan();
    const actions = (JSON.parse(renderJson(plan)) as Plan).steps.map((s) => `${s.group}:${s.action}`);
    expect(actions).toEqual(plan.steps.map((s) => `${s.group}:${s.action}`));
  });
});

/** Every key that appears anywhere in a value, as an object's keys (for a JSON.stringify allow-list). */
function flatKeys(value: unknown, into: Record<string, true> = {}): Record<string, true> {
  if (Array.isArray(value)) value.forEach((v) => flatKeys(v, into));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into[k] = true;
      flatKeys(v, into);
    }
  }
  return into;
}
