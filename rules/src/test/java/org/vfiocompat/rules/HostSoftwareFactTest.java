package org.vfiocompat.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Rules API 1.2: host software facts on a profile, and how a fact shows them to rules. */
class HostSoftwareFactTest {

    private static final HostSoftware RHEL = HostSoftware.of("5.14.0-427.13.1.el9_4.x86_64", "8.2.0", "10.0.0", "rhel", "9.4");

    private static DeviceProfile on(HostSoftware host) {
        return DeviceProfileTest.gvtg().toBuilder().host(host).build();
    }

    @Test
    void aProfileWithoutHostFactsCarriesNone() {
        DeviceProfile p = DeviceProfileTest.gvtg();
        assertThat(p.getHost()).isSameAs(HostSoftware.NONE);
        assertThat(p.getHost().isEmpty()).isTrue();
        assertThat(p.toString()).doesNotContain("host");
        assertThat(HostSoftware.of(null, "", null, null, null)).isSameAs(HostSoftware.NONE);
    }

    @Test
    void hostFactsAreAPartOfWhatMakesProfilesEqual() {
        assertThat(on(RHEL)).isEqualTo(on(HostSoftware.of("5.14.0-427.13.1.el9_4.x86_64", "8.2.0", "10.0.0", "rhel", "9.4")));
        assertThat(on(RHEL)).isNotEqualTo(DeviceProfileTest.gvtg());
        assertThat(on(RHEL)).isNotEqualTo(on(RHEL.keep(true, true, true, true, false)));
        assertThat(on(RHEL).toBuilder().build()).isEqualTo(on(RHEL));
        assertThat(on(RHEL).toString()).endsWith("host[kernel=5.14.0-427.13.1.el9_4.x86_64 qemu=8.2.0 libvirt=10.0.0 os=rhel 9.4]");
    }

    @Test
    void keepBlanksTheFactsNotNamed() {
        HostSoftware k = RHEL.keep(true, false, false, false, false);
        assertThat(k.getKernel()).isEqualTo("5.14.0-427.13.1.el9_4.x86_64");
        assertThat(k.getQemu()).isEmpty();
        assertThat(k.getLibvirt()).isEmpty();
        assertThat(k.getOsId()).isEmpty();
        assertThat(k.getOsVersion()).isEmpty();
        assertThat(RHEL.keep(false, false, false, false, false)).isSameAs(HostSoftware.NONE);
    }

    @Test
    void bothFactsShowTheHostFactsTheirProfileCarries() {
        Source s = new Source(on(RHEL));
        Target t = new Target(on(HostSoftware.NONE), true);
        assertThat(s.getHostKernel()).isEqualTo("5.14.0-427.13.1.el9_4.x86_64");
        assertThat(s.getHostQemu()).isEqualTo("8.2.0");
        assertThat(s.getHostLibvirt()).isEqualTo("10.0.0");
        assertThat(s.getHostOsId()).isEqualTo("rhel");
        assertThat(s.getHostOsVersion()).isEqualTo("9.4");
        assertThat(s.getHost()).isEqualTo(RHEL);
        assertThat(t.getHostKernel()).isEmpty();
        assertThat(t.getHost()).isSameAs(HostSoftware.NONE);
    }

    @Test
    void anUnknownFindingIsAFindingWithALimitAndNoScore() {
        Finding f = Finding.unknown(Limit.PLATFORM, "the distribution's backports decide");
        assertThat(f.getLevel()).isEqualTo(Level.UNKNOWN);
        assertThat(f.getLimit()).isEqualTo(Limit.PLATFORM);
        assertThat(f.getScore()).isZero();
        assertThat(RulesApi.VERSION).isEqualTo("1.2");
    }
}
