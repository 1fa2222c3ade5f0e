package org.vfiocompat.planner;

/**
 * A plan's objective, level by level (each outweighs all below it).
 *
 * @param moved    VMs moved
 * @param live     of them, moved LIVE
 * @param score    the sum of the devices' pack scores over the moves
 * @param crowding the sum over target hosts of (VMs landing there) squared: lower is better spread
 */
public record Objective(int moved, int live, long score, long crowding) {

    /** Whether this objective is better than {@code other} in the planner's order. */
    public boolean betterThan(Objective other) {
        if (moved != other.moved) {
            return moved > other.moved;
        }
        if (live != other.live) {
            return live > other.live;
        }
        if (score != other.score) {
            return score > other.score;
        }
        return crowding < other.crowding;
    }
}
