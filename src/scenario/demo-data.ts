/**
 * The bundled demo landscape (data/, made by `npm run make-demo`) is invented. A study that reads any
 * of its files gets the "illustrative landscape - not survey data" note on every map and in the
 * report. The test is the files' content (SHA-256, as the study hashes its inputs anyway), not the
 * words of the scenario file: a new scenario on the demo data keeps the note, and a real study whose
 * description happens to say "illustrative" does not get it. test/scenario/illustrative.test.ts
 * checks that this list matches the files in data/, so regenerating them without updating it fails.
 */
export const DEMO_DATA_SHA256: Readonly<Record<string, string>> = {
  "cores.tif": "64d118df9a19b2a671d5d3dca4822048b89b1df1838e318e5e83068ec799d8c5",
  "elevation.tif": "3059dc7eb72ad3f9bffa57880c7228acde9c0cafea41b5985595af7817605616",
  "habitat.tif": "b2c81b45667c7e12f1482e469f53a48c2bf54d152f7fb908ba1b61f74e9b8f9d",
  "landcover.tif": "cecbba50ad860f27a05638773d4d0080ebb000e5e3fc84038b18d7cb4798e18e",
  "border.geojson": "e4d37a843287a4acb2a90eb7724eeb022a799fc71e4c198c2bbf8703832777c2",
  "cores.geojson": "5ee4e9cf90fda4893ba386d46b2d700c993af53e620bb0f5504b543f6158a107",
  "crossings.geojson": "791a01bcaff5f621f3786cf6f749e4f38fde0e47d66ac2c6e919d2c6d0bf8976",
  "highway.geojson": "563c44b300c32c9abcbfe31acdb76aeac1c1cd5ab80fbe09c86cefd2f8c6e283",
  "rivers.geojson": "69ab56ff34ccd21eb63f9777bc7781bf57f96dc48822338ee3f7b95a35d50b7c",
  "villages.geojson": "febeffc4f726daf6b2194d47f0a47c572435b9ffd602e5a33bba08217f8ff28c",
  // synthetic observations for validate and calibrate (data/README.md)
  "observations.geojson": "682c4672ee3e198cfc0a65df0ed717e06545022e716072582c5145f8896186d6",
};

const DEMO = new Set(Object.values(DEMO_DATA_SHA256));

/** The demo files among a study's inputs (role -> SHA-256), by role; empty for a study on other data. */
export function demoInputs(inputHashes: Readonly<Record<string, string>>): string[] {
  return Object.entries(inputHashes)
    .filter(([, h]) => DEMO.has(h))
    .map(([role]) => role);
}
