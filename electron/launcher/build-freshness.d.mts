export declare const SOURCE_DIRS: string[];
export declare const SOURCE_FILES: string[];
export declare const BUILD_OUTPUTS: string[];
export type Freshness = { fresh: boolean; reason: 'missing' | 'changed' | 'fresh' };
export declare function decideFreshness(times: {
  newestSourceMs: number;
  outputMs: (number | null)[];
}): Freshness;
export declare function checkBuild(root: string): Promise<Freshness>;
