package org.vfiocompat.engine;

import java.util.Objects;

/**
 * One layer a pack passed, and what that layer checked of it.
 *
 * @param layer   the layer
 * @param checked what it checked, in words ({@code 61 classes, 443 methods, ...})
 */
public record LayerCheck(Layer layer, String checked) {

    public LayerCheck {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(checked, "checked");
    }
}
