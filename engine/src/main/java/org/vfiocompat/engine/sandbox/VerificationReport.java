package org.vfiocompat.engine.sandbox;

import java.util.List;
import org.vfiocompat.engine.Problem;

/**
 * What the bytecode verification of one pack looked at and found.
 *
 * @param classes    generated classes read
 * @param methods    methods checked
 * @param references references (calls, fields, types, constants, bootstraps) checked against the allow-list
 * @param problems   every refusal, each naming the class, method and member, and the DRL line when found
 */
public record VerificationReport(int classes, int methods, int references, List<Problem> problems) {

    public VerificationReport {
        problems = List.copyOf(problems);
    }
}
