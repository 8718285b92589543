// A small sweep over the scenario fixture (test/scenario/fixture.ts) for the queue tests: three
// candidates, at most two built, no parameter grid: the baseline and 6 scenarios.
export const SMALL_SWEEP = `scenario_file: study.yaml
candidates:
  - { id: A, type: overpass, chainage_m: 150, width_m: 50, cost_musd: 5 }
  - { id: B, type: underpass, chainage_m: 600, width_m: 20, cost_musd: 1 }
  - { id: C, type: bridge, chainage_m: 1050, width_m: 80, cost_musd: 3 }
max_structures: 2
`;
