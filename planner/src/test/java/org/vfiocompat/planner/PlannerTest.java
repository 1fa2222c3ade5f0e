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

    /**
     * The packs' P2P declarations (research notes §1.1): qat_vfio_pci sets P2P, hisi_acc_vfio_pci
     * does not. Two QAT VFs move LIVE; two HiSilicon VFs, or one next to a QAT VF, only COLD,
     * the hisi VF named, though every device pair alone is LIVE.
     */
    @Test
    void aVmWithTwoVfioDevicesMovesLiveOnlyWhenEveryOneDeclaresP2p() {
        org.vfiocompat.rules.DeviceProfile hisi = org.vfiocompat.rules.DeviceProfile.builder(org.vfiocompat.rules.DeviceKind.PHYS)
                .deviceApi("vfio-pci").migrationType("hisi_acc_vfio_pci:19e5:a251")
                .migrationVersion("dev=a251, qm=30, pf_q_num=256, vfs=2, kernel=6.6.0-72.0.0.76.oe2403sp1.aarch64, iso=0x0").build();
        org.vfiocompat.rules.DeviceProfile qat = org.vfiocompat.rules.DeviceProfile.builder(org.vfiocompat.rules.DeviceKind.PHYS)
                .deviceApi("vfio-pci").migrationType("qat_vfio_pci:8086:4941")
                .migrationVersion("dev=4941, services=asym;sym, caps=0x1fff, extdc=0x3, rl=none, mstate=1").build();
        List<FleetDevice> devices = new java.util.ArrayList<>(List.of(
                new FleetDevice("src", "0000:01:00.1", hisi, "", "vm-hisi"), new FleetDevice("src", "0000:01:00.2", hisi, "", "vm-hisi"),
                new FleetDevice("src", "0000:02:00.1", qat, "", "vm-qat"), new FleetDevice("src", "0000:02:00.2", qat, "", "vm-qat"),
                new FleetDevice("src", "0000:01:00.3", hisi, "", "vm-mixed"), new FleetDevice("src", "0000:02:00.3", qat, "", "vm-mixed")));
        for (int i = 1; i <= 3; i++) {
            devices.add(new FleetDevice("dst", "0000:01:00." + i, hisi, "", ""));
            devices.add(new FleetDevice("dst", "0000:02:00." + i, qat, "", ""));
        }
        DrainPlan plan = planner.drain(Fleet.of("p2p.json", List.of("dst", "src"), devices, List.of()), List.of("src"));
        assertThat(plan.stuck()).isEmpty();
        assertThat(plan.moves()).extracting(VmMove::vm, VmMove::level, VmMove::limiting).containsExactly(
                org.assertj.core.groups.Tuple.tuple("src/vm-hisi", Level.COLD, "src/0000:01:00.1"),
                org.assertj.core.groups.Tuple.tuple("src/vm-mixed", Level.COLD, "src/0000:01:00.3"),
                org.assertj.core.groups.Tuple.tuple("src/vm-qat", Level.LIVE, ""));
        assertThat(plan.moves()).allSatisfy(m -> assertThat(m.devices()).allSatisfy(d -> assertThat(d.verdict().level()).isEqualTo(Level.LIVE)));
        assertThat(plan.moves().get(0).reason()).isEqualTo("QEMU: a VM with 2 VFIO devices migrates live only if every one supports P2P "
                + "migration; hisi_acc_vfio_pci:19e5:a251 does not (its pack declares no P2P support)");
    }

    /**
     * A GVT-g desktop whose type is both free on one host (an existing mdev) and creatable on
     * another, LIVE 100 either way: the plan takes the existing one, though the creating host
     * comes first by name; and on a host offering both, again the existing one.
     */
    @Test
    void aTieBetweenAnExistingTargetAndACreatableOneGoesToTheExistingOne() {
        org.vfiocompat.rules.DeviceProfile gvt = PlanPropertiesTest.profile(PlanPropertiesTest.Kind.GVT_8, false);
        FleetDevice vm = new FleetDevice("src", "vgpu-1", gvt, "igd", "vm-desk");
        Fleet apart = Fleet.of("ties.json", List.of("a-creates", "b-has-one", "src"),
                List.of(vm, new FleetDevice("b-has-one", "vgpu-free", gvt, "igd", "")),
                List.of(org.vfiocompat.engine.Candidate.creatable("a-creates", "igd", gvt, 3)));
        DrainPlan plan = planner.drain(apart, List.of("src"));
        assertThat(plan.optimal()).isTrue();
        assertThat(plan.moves()).singleElement().satisfies(m -> {
            assertThat(m.devices()).singleElement().satisfies(d -> {
                assertThat(d.kind()).isEqualTo(CandidateKind.EXISTING);
                assertThat(d.target()).isEqualTo("b-has-one/vgpu-free");
                assertThat(d.verdict().score()).isEqualTo(100);
            });
        });
        // The creatable host scores the same: the choice above is the tie-break, not a better verdict.
        assertThat(planner.place(apart, "src/vm-desk").targets()).extracting(VmMove::to, VmMove::score)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a-creates", 100), org.assertj.core.groups.Tuple.tuple("b-has-one", 100));

        Fleet together = Fleet.of("ties.json", List.of("both", "src"), List.of(vm, new FleetDevice("both", "vgpu-free", gvt, "igd", "")),
                List.of(org.vfiocompat.engine.Candidate.creatable("both", "igd", gvt, 3)));
        assertThat(planner.drain(together, List.of("src")).moves()).singleElement()
                .satisfies(m -> assertThat(m.devices()).extracting(DeviceMove::kind).containsExactly(CandidateKind.EXISTING));

        // Three desktops, two hosts: one host takes two whatever the plan (CP-SAT decides, no plan
        // reaches one VM per host). Two on "b" take its two free mdevs; two on "a" would create both.
        List<FleetDevice> three = new java.util.ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            three.add(new FleetDevice("src", "vgpu-" + i, gvt, "igd", "vm-desk-" + i));
        }
        three.add(new FleetDevice("b", "vgpu-free-1", gvt, "igd", ""));
        three.add(new FleetDevice("b", "vgpu-free-2", gvt, "igd", ""));
        Fleet contended = Fleet.of("ties.json", List.of("a", "b", "src"), three,
                List.of(org.vfiocompat.engine.Candidate.creatable("a", "igd", gvt, 3), org.vfiocompat.engine.Candidate.creatable("b", "igd", gvt, 2)));
        DrainPlan solved = planner.drain(contended, List.of("src"));
        assertThat(solved.optimal()).isTrue();
        assertThat(solved.objective()).isEqualTo(new Objective(3, 3, 300, 5));
        assertThat(solved.moves().stream().flatMap(m -> m.devices().stream()).map(DeviceMove::target))
                .containsExactlyInAnyOrder("a/igd/i915-GVTg_V5_8", "b/vgpu-free-1", "b/vgpu-free-2");
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
