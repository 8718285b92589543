/**
 * The cartographic style shared by maps, charts and the report: one place to change a colour.
 * Overlay colours are chosen to stand out on every ramp (magma's black-purple-orange, viridis's
 * purple-green-yellow, the diverging red-white-blue): strong outlines with light halos.
 */
export const STYLE = {
  background: "#ffffff",
  ink: "#1b1f24",
  muted: "#5b6470",
  frame: "#2b2f36",
  nodataFill: "#e9ecef",
  halo: "rgba(255,255,255,0.92)",
  /** Highway: dark casing, amber core (the road colour of most topographic maps). */
  highwayCasing: "#202020",
  highwayCore: "#ffc20e",
  highwayCoreRgb: [255, 194, 14] as const,
  coreOutline: "#ffffff",
  coreCasing: "#0b3d2e",
  pathColor: "#00e5ff",
  pathCasing: "#0a0a0a",
  villageFill: "#ffffff",
  villageStroke: "#222222",
  note: "#a4161a",
  crossing: {
    overpass: "#2e9e44",
    underpass: "#1f6fd1",
    culvert: "#12a4b8",
    bridge: "#e0731f",
    tunnel: "#8e44ad",
  } as Record<string, string>,
  pinch: "#d62828",
  bar: "#7a8594",
  barStructure: "#2e9e44",
} as const;
