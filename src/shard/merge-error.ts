/** Reports that do not belong together, or are not shard reports jwtscan wrote: `jwtscan merge` exits 2 with the message. */
export class MergeError extends Error {}
