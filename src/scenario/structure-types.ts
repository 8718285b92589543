/** The crossing structure types (their own module, so the siting schema and the scenario schema can share them without an import cycle). */
export const STRUCTURE_TYPES = ["overpass", "underpass", "culvert", "bridge", "tunnel"] as const;
export type StructureType = (typeof STRUCTURE_TYPES)[number];
