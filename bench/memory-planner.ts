// The memory planner benchmark: plans the intermediate tensors of a
// MobileNetV2-like schedule (int8 NHWC feature maps, inverted residual blocks)
// and of a random set of lifetimes, and returns a markdown table of the lower
// bound, the arena, their ratio, the planning time and the winning strategy.
// The generators live in test/support/plan-items.ts, shared with the tests.

import { checkPlan, planMemory, type PlanItem } from '../src/codegen/memory-planner.js';
import { mobilenetV2LikeItems, randomItems } from '../test/support/plan-items.js';
import { best } from './timing.js';

export function memoryPlannerBenchmark(): string {
  const cases: readonly [string, PlanItem[]][] = [
    ['MobileNetV2-like chain', mobilenetV2LikeItems()],
    ['random (seed 1)', randomItems(2000, 1)],
  ];
  const lines = [
    'Memory planner (best of 3)',
    '',
    '| case | items | lower bound (B) | arena (B) | ratio | ms | strategy |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const [name, items] of cases) {
    const r = best(3, () => planMemory(items));
    const plan = r.value;
    checkPlan(items, plan);
    const ratio = plan.lowerBound > 0 ? (plan.arenaSize / plan.lowerBound).toFixed(3) : '-';
    lines.push(`| ${name} | ${items.length} | ${plan.lowerBound} | ${plan.arenaSize} | ${ratio} | ${r.ms.toFixed(1)} | ${plan.strategy} |`);
  }
  return lines.join('\n');
}
