/** Absolute path of the executable the CLI spawns as its schema engine. */
export declare const SCHEMA_ENGINE_SHIM: string;
/** Sets PRISMA_SCHEMA_ENGINE_BINARY to the shim (unless already set; restores its exec bit if lost)
 *  and turns off the CLI's update check. */
export declare function configureOfflineSchemaEngine(): void;
