package org.vfiocompat.engine;

import java.util.List;

/**
 * One assigned device's part of a batch.
 *
 * @param source     the device a VM uses
 * @param top        its best compatible targets, at most the batch's {@code top}, best first
 * @param compatible how many compatible targets it has in all
 * @param candidates how many candidates were judged
 */
public record SourceResult(FleetDevice source, List<RankedTarget> top, int compatible, int candidates) {

    public SourceResult {
        top = List.copyOf(top);
    }

    /** Whether the device has no compatible target anywhere in the fleet. */
    public boolean stranded() {
        return compatible == 0;
    }
}
