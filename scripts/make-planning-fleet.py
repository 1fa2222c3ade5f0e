#!/usr/bin/env python3
"""Writes examples/planning-fleet.json: a small fleet whose VMs have several devices, made to
show what the planner does that per-device ranking cannot (docs/planning.md walks through it).
Deterministic: mdev UUIDs are uuid5 of host and slot."""
import json, uuid, sys

NS = uuid.UUID("7b7e2d2e-0000-4000-8000-000000000014")
def uid(*parts): return str(uuid.uuid5(NS, "/".join(parts)))

T4 = "NVIDIA Tesla T4 (10de:1eb8)"
UHD = "Intel UHD Graphics 630 (8086:3e92)"
BDW = "Intel HD Graphics 5500 (8086:1616)"
# The nvidia-vgpu pack's version string (NVML facts; the manager last, so upgrades can replace it).
def t4version(t, driver):
    name = {"nvidia-256": "GRID T4-2Q", "nvidia-257": "GRID T4-4Q"}[t]
    return (f"vgpu={name}, gpu=1EB810DE, subsystem=12A210DE, ecc=Disabled, pending_ecc=Disabled, "
            f"os=ubuntu 22.04, manager={driver}")
def t4type(t, driver, avail):
    name, fb, mx = {"nvidia-256": ("GRID T4-2Q", "2048M", "8"), "nvidia-257": ("GRID T4-4Q", "4096M", "4")}[t]
    return {"migrationType": t, "deviceApi": "vfio-pci", "availableInstances": avail,
            "migrationVersion": t4version(t, driver), "attributes": {"name": name, "framebuffer": fb, "max_instance": mx}}
def t4mdev(host, i, t, driver, vm=None):
    d = {"id": uid(host, "t4", str(i)), "kind": "MDEV", "parent": "0000:3b:00.0", "deviceApi": "vfio-pci",
         "migrationType": t, "migrationVersion": t4version(t, driver),
         "attributes": t4type(t, driver, 0)["attributes"]}
    if vm: d["assignedTo"] = vm
    return d
GVT = {"i915-GVTg_V5_4": {"low_gm_size": "128MB", "high_gm_size": "512MB", "fence": "4", "resolution": "1920x1200", "weight": "4"},
       "i915-GVTg_V5_8": {"low_gm_size": "64MB", "high_gm_size": "384MB", "fence": "4", "resolution": "1024x768", "weight": "2"},
       "i915-GVTg_V4_4": {"low_gm_size": "128MB", "high_gm_size": "512MB", "fence": "4", "resolution": "1920x1200", "weight": "4"}}
def gvttype(t, avail, ver="2.1.0", dev="3e92"):
    return {"migrationType": t, "deviceApi": "vfio-pci", "availableInstances": avail,
            "migrationVersion": f"8086-{dev}-{t}-{ver}", "attributes": GVT[t]}
def gvtmdev(host, i, t, vm=None, ver="2.1.0", dev="3e92"):
    d = {"id": uid(host, "gvt", str(i)), "kind": "MDEV", "parent": "0000:00:02.0", "deviceApi": "vfio-pci",
         "migrationType": t, "migrationVersion": f"8086-{dev}-{t}-{ver}", "attributes": GVT[t]}
    if vm: d["assignedTo"] = vm
    return d
def vf(addr, fw="22.36.1010", vm=None):
    d = {"id": addr, "kind": "PHYS", "deviceApi": "vfio-pci", "migrationType": "mlx5_vfio_pci:15b3:101e",
         "migrationVersion": f"psid=MT_0000000359, migratable=enable, fw={fw}"}
    if vm: d["assignedTo"] = vm
    return d

hosts = [
  {"name": "gpu-1",
   "mdevParents": [{"id": "0000:3b:00.0", "model": T4, "types": [t4type("nvidia-256", "535.104.05", 0)]}],
   "devices": [t4mdev("gpu-1", 1, "nvidia-256", "535.104.05", "vm-ml-1"), t4mdev("gpu-1", 2, "nvidia-256", "535.104.05", "vm-ml-2"),
               vf("0000:41:00.2", vm="vm-ml-1"), vf("0000:41:00.4", vm="vm-db-1"), vf("0000:41:00.5", vm="vm-db-1")]},
  {"name": "gpu-2",
   "mdevParents": [{"id": "0000:3b:00.0", "model": T4, "types": [t4type("nvidia-256", "535.129.03", 2), t4type("nvidia-257", "535.129.03", 1)]}],
   "devices": [vf("0000:41:00.2"), vf("0000:41:00.3")]},
  # gpu-3's VF runs gpu-1's firmware: mlx5 moves a VF only between identical firmware (NVIDIA's rule).
  {"name": "gpu-3",
   "mdevParents": [{"id": "0000:3b:00.0", "model": T4, "types": [t4type("nvidia-256", "550.54.14", 1)]}],
   "devices": [t4mdev("gpu-3", 1, "nvidia-256", "550.54.14", "vm-ml-3"), vf("0000:41:00.2")]},
  {"name": "gvt-1",
   "mdevParents": [{"id": "0000:00:02.0", "model": UHD, "types": [gvttype("i915-GVTg_V5_4", 1), gvttype("i915-GVTg_V5_8", 3)]}],
   "devices": [gvtmdev("gvt-1", 1, "i915-GVTg_V5_4", "vm-desk-1"), gvtmdev("gvt-1", 2, "i915-GVTg_V5_4", "vm-desk-2"),
               gvtmdev("gvt-1", 3, "i915-GVTg_V5_8", "vm-kiosk-1")]},
  {"name": "gvt-2",
   "mdevParents": [{"id": "0000:00:02.0", "model": UHD, "types": [gvttype("i915-GVTg_V5_4", 1), gvttype("i915-GVTg_V5_8", 2)]}]},
  {"name": "gvt-3",
   "mdevParents": [{"id": "0000:00:02.0", "model": UHD, "types": [gvttype("i915-GVTg_V5_4", 0), gvttype("i915-GVTg_V5_8", 1)]}],
   "devices": [gvtmdev("gvt-3", 1, "i915-GVTg_V5_8")]},
  {"name": "old-1",
   "mdevParents": [{"id": "0000:00:02.0", "model": BDW, "types": [gvttype("i915-GVTg_V4_4", 0, dev="1616")]}],
   "devices": [gvtmdev("old-1", 1, "i915-GVTg_V4_4", "vm-legacy-1", dev="1616")]},
]
out = json.dumps({"version": 1, "hosts": hosts}, indent=2) + "\n"
open(sys.argv[1] if len(sys.argv) > 1 else "examples/planning-fleet.json", "w").write(out)
