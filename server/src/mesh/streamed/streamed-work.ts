/**
 * The memory and spill folder of one streamed mesh task: a single block, sized by the budget for
 * the whole mesh and allocated once, that every measurement (the whole build, each 3MF part)
 * divides the same way — its union-find and bit sets, the spill write buffers, a read chunk, the
 * work arena for one partition at a time. One allocation means no garbage between passes, and
 * `release` frees it the moment the analysis ends, before the thumbnail and the preview allocate
 * theirs: the hub's resident size follows the budget, not the sum of every pass's arrays or of
 * the last few tasks' blocks waiting for a full garbage collection.
 */
import { planStreamed, type StreamedPlan } from "./memory-plan.ts";
import { releaseNow } from "./release-memory.ts";
import type { TempArea } from "./temp-area.ts";
import { WorkArena } from "./work-arena.ts";

/** One measurement's share of the block. */
export interface StreamedMemory {
  plan: StreamedPlan;
  /** The union-find and bit sets (kept for the whole measurement). */
  fixed: WorkArena;
  /** One partition's arrays at a time. */
  arena: WorkArena;
  /** The write buffers of the spill being written. */
  spillBuffers: WorkArena;
  /** Spills are read back through this. */
  chunk: Uint32Array;
  area: TempArea;
}

export class StreamedWork {
  private readonly block: ArrayBuffer;

  constructor(
    triangles: number,
    private readonly budgetBytes: number,
    readonly area: TempArea,
  ) {
    this.block = new ArrayBuffer(planStreamed(triangles, budgetBytes).totalBytes);
  }

  /** Memory for measuring `triangles` triangles (at most the task's), planned within the block. */
  measure(triangles: number): StreamedMemory {
    const plan = planStreamed(triangles, this.budgetBytes);
    const chunkBytes = plan.readChunkWords * 4;
    const spillAt = plan.fixedBytes;
    const chunkAt = spillAt + plan.spillBufferBytes;
    const arenaAt = chunkAt + chunkBytes;
    // A part's fixed arrays are smaller than the whole mesh's: its arena gets the rest.
    const arenaBytes = Math.floor((this.block.byteLength - arenaAt) / 8) * 8;
    return {
      plan,
      fixed: new WorkArena(plan.fixedBytes, this.block, 0),
      spillBuffers: new WorkArena(plan.spillBufferBytes, this.block, spillAt),
      chunk: new Uint32Array(this.block, chunkAt, plan.readChunkWords),
      arena: new WorkArena(arenaBytes, this.block, arenaAt),
      area: this.area,
    };
  }

  /** Frees the block now (release-memory.ts; a second call does nothing): nothing carved from it may be used afterwards. */
  release(): Promise<void> {
    return releaseNow(this.block);
  }
}
