package org.vfiocompat.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.InputException;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.rules.Level;

/** The planner on examples/planning-fleet.json with the reference packs: what each plan must say. */
class PlannerTest {

    static CompatibilityEngine engine;
    static Fleet fleet;
    static Planner planner;

    @BeforeAll
    static void start() {
        engine = TestFleets.engine();
        fleet = Fleet.load(TestFleets.PLANNING);
        planner = Planner.builder(engine).build();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void aVmWithTwoP2pDevicesGoesWholeToTheOneHostWithTwoFreePlacesLive() {
        Placement p = planner.place(fleet, "gpu-1/vm-db-1");
        assertThat(p.targets()).extracting(VmMove::to).containsExactly("gpu-2");
        VmMove m = p.targets().get(0);
        assertThat(m.level()).isEqualTo(Level.LIVE);
        assertThat(m.devices()).extracting(DeviceMove::target).containsExactly("gpu-2/0000:41:00.2", "gpu-2/0000:41:00.3");
        // gpu-3 has one free VF of the pair: compatible device by device, refused as a VM.
        assertThat(p.refused()).filteredOn(r -> r.host().equals("gpu-3")).singleElement()
                .satisfies(r -> assertThat(r.reason()).startsWith("capacity:"));
        assertThat(p.refused()).extracting(RefusedHost::host).containsExactly("gpu-3", "gvt-1", "gvt-2", "gvt-3", "old-1");
    }

    @Test
    void aVmMixingANonP2pDeviceMovesOnlyCold() {
        Placement p = planner.place(fleet, "gpu-1/vm-ml-1");
        assertThat(p.targets()).isNotEmpty().allSatisfy(m -> {
            assertThat(m.level()).isEqualTo(Level.COLD);
            assertThat(m.devices()).allSatisfy(d -> assertThat(d.verdict().level()).isEqualTo(Level.LIVE));
            assertThat(m.reason()).contains("P2P").contains("nvidia-256");
            assertThat(m.postcopy()).isFalse();
        });
        // Best first: the same-branch manager (95) before the newer branch (80).
        assertThat(p.targets()).extracting(VmMove::to).containsExactly("gpu-2", "gpu-3");
    }

    @Test
    void drainGivesTheTwoVfPairTheOnlyHostThatHoldsItAndMovesTheOtherVmElsewhere() {
        DrainPlan plan = planner.drain(fleet, List.of("gpu-1"));
        assertThat(plan.optimal()).isTrue();
        assertThat(plan.stuck()).isEmpty();
        assertThat(plan.moves()).extracting(VmMove::vm, VmMove::to).containsExactly(
                org.assertj.core.groups.Tuple.tuple("gpu-1/vm-db-1", "gpu-2"),
                org.assertj.core.groups.Tuple.tuple("gpu-1/vm-ml-1", "gpu-3"),
                org.assertj.core.groups.Tuple.tuple("gpu-1/vm-ml-2", "gpu-2"));
        // gpu-2's two VFs both go to vm-db-1: no free device is used twice.
        assertThat(plan.moves().stream().flatMap(m -> m.devices().stream()).filter(d -> d.kind() == CandidateKind.EXISTING)
                .map(DeviceMove::target)).doesNotHaveDuplicates();
        // 470 since the nvidia-vgpu and mlx5-vfio rewrite (issue 12): the same moves, the packs score them a little otherwise.
        assertThat(plan.objective()).isEqualTo(new Objective(3, 2, 470, 5));
    }

    @Test
    void theSharedGvtgBudgetTakesOneDesktopAndTheOtherIsStuckNamingTheContention() {
        DrainPlan plan = planner.drain(fleet, List.of("gvt-1"));
        // The two desktops tie; which one moves is the solver's (fixed) choice, the other names it.
        assertThat(plan.moves()).hasSize(2).extracting(VmMove::vm).contains("gvt-1/vm-kiosk-1");
        String moved = plan.moves().stream().map(VmMove::vm).filter(v -> v.contains("desk")).findFirst().orElseThrow();
        assertThat(plan.stuck()).singleElement().satisfies(s -> {
            assertThat(s.vm()).startsWith("gvt-1/vm-desk-").isNotEqualTo(moved);
            assertThat(s.why()).isEqualTo(StuckVm.Why.HOSTS_FULL);
            assertThat(s.contenders()).containsExactly("gvt-2");
            assertThat(s.reason()).contains(moved);
        });
        assertThat(plan.moves()).allSatisfy(m -> assertThat(m.level()).isEqualTo(Level.LIVE));
    }

    @Test
    void theN1ReportNamesTheHostsThatCannotBeDrained() {
        Resilience r = planner.drainEachHost(fleet);
        assertThat(r.hosts()).extracting(HostDrain::host).containsExactlyElementsOf(fleet.hosts());
        assertThat(r.notDrainable()).extracting(HostDrain::host).containsExactly("gpu-3", "gvt-1", "old-1");
        assertThat(r.notDrainable()).filteredOn(h -> h.host().equals("old-1")).singleElement()
                .satisfies(h -> assertThat(h.stuck()).singleElement().satisfies(s -> assertThat(s.why()).isEqualTo(StuckVm.Why.NO_COMPATIBLE_HOST)));
    }

    @Test
    void upgradingTheNewestHostFirstLeavesItNoWayBackAndTheSecondWaveCostsTheOldVmItsLivePath() {
        UpgradeReport u = planner.upgrade(fleet, List.of(new HostChange("gpu-3", "nvidia-driver", "570.124.03"),
                new HostChange("gpu-2", "nvidia-driver", "570.124.03")), WavePlan.read(TestFleets.WAVES));
        assertThat(u.warnings()).isEmpty();
        assertThat(u.waves()).hasSize(2);
        assertThat(u.waves().get(0).lost()).isEmpty();
        assertThat(u.waves().get(0).wayBack()).singleElement().satisfies(w -> {
            assertThat(w.host()).isEqualTo("gpu-3");
            assertThat(w.exists()).isFalse();
        });
        assertThat(u.waves().get(1).lost()).extracting(LostPath::vm).containsExactly("gpu-1/vm-ml-2");
        assertThat(u.waves().get(1).lost().get(0).reason()).contains("570.124.03");
    }

    @Test
    void aFactNoPackReadsIsAWarningNamingIt() {
        UpgradeReport u = planner.upgrade(fleet, List.of(new HostChange("gpu-3", "bios", "2.0")), WavePlan.of(List.of(List.of("gpu-3"))));
        assertThat(u.warnings()).singleElement().asString().contains("'bios'").contains(ProblemCodes.PLAN_UNKNOWN_FACT);
        assertThat(u.waves().get(0).wayBack()).singleElement().satisfies(w -> assertThat(w.exists()).isTrue());
    }

    @Test
    void badRequestsAreLocatedProblems(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> planner.place(fleet, "gpu-1/vm-nope")).isInstanceOf(InputException.class)
                .hasMessageContaining("no VM 'gpu-1/vm-nope'").hasMessageContaining("gpu-1/vm-db-1");
        assertThatThrownBy(() -> planner.drain(fleet, List.of("gpu-9"))).isInstanceOf(PlanningInputException.class)
                .satisfies(e -> assertThat(((InputException) e).problems().get(0).code()).isEqualTo(ProblemCodes.PLAN_UNKNOWN_HOST));
        assertThatThrownBy(() -> planner.drain(fleet, fleet.hosts())).hasMessageContaining("nowhere to go");
        Path waves = dir.resolve("waves.txt");
        Files.writeString(waves, "gpu-3 gpu-2\n# later\ngpu-2\n");
        assertThatThrownBy(() -> WavePlan.read(waves)).isInstanceOf(PlanningInputException.class)
                .satisfies(e -> assertThat(((InputException) e).problems().get(0).toString())
                        .isEqualTo(waves + " at line 3: host gpu-2 is already in wave 1 (line 1); a host is upgraded once"));
        assertThatThrownBy(() -> planner.upgrade(fleet, List.of(new HostChange("gvt-1", "gvt-version", "2.3.0")),
                WavePlan.of(List.of(List.of("gpu-3"))))).hasMessageContaining("in no wave");
    }

    @Test
    void aVmNameOnTwoHostsIsRefusedWhenARequestTouchesIt() {
        List<FleetDevice> devices = new java.util.ArrayList<>(fleet.devices());
        FleetDevice free = devices.stream().filter(d -> d.host().equals("gpu-2") && !d.assigned()).findFirst().orElseThrow();
        devices.set(devices.indexOf(free), new FleetDevice(free.host(), free.id(), free.profile(), free.parent(), "vm-db-1"));
        Fleet split = Fleet.of("split.json", fleet.hosts(), devices, fleet.creatable());
        assertThatThrownBy(() -> planner.drain(split, List.of("gpu-1"))).isInstanceOf(PlanningInputException.class)
                .hasMessageContaining("VM 'vm-db-1' has devices on 2 hosts (gpu-1, gpu-2)");
    }

    @Test
    void theSamePlanOnEveryRun() {
        try (CompatibilityEngine other = TestFleets.engine()) {
            Planner again = Planner.builder(other).build();
            Fleet mixed = Fleet.load(TestFleets.MIXED);
            for (String host : List.of("gpu-a", "gpu-c", "net-a")) {
                assertThat(again.drain(mixed, List.of(host))).isEqualTo(planner.drain(mixed, List.of(host)));
            }
            assertThat(again.drainEachHost(fleet)).isEqualTo(planner.drainEachHost(fleet));
        }
    }
}
