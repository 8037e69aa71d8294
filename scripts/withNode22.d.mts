/** The path of a Node >= 22.19 binary: the running one if it is recent enough, else the cached Node 22.23.3 (installed on first use). */
export declare const node22Binary: () => string
