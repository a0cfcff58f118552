// RUN: dendron-opt %s --pass-pipeline='builtin.module(spinn-attach-machine)' | FileCheck %s --check-prefix=SPINN5
// RUN: dendron-opt %s --pass-pipeline='builtin.module(spinn-attach-machine{machine=spinn2})' | FileCheck %s --check-prefix=SPINN2
// RUN: dendron-opt %s --pass-pipeline='builtin.module(spinn-attach-machine{machine=3x2t})' | FileCheck %s --check-prefix=GRID
// RUN: dendron-opt %s --pass-pipeline='builtin.module(spinn-attach-machine{machine=%S/Inputs/dead.json})' | FileCheck %s --check-prefix=JSON
// RUN: dendron-opt %s --pass-pipeline='builtin.module(spinn-attach-machine{machine=spinn5},spinn-attach-machine{machine=2x2})' | FileCheck %s --check-prefix=AGAIN
// RUN: dendron-opt %s --pass-pipeline='builtin.module(spinn-attach-machine{machine=2x2})' | dendron-opt | FileCheck %s --check-prefix=ROUNDTRIP
// RUN: not dendron-opt %s --pass-pipeline='builtin.module(spinn-attach-machine{machine=3y3})' 2>&1 | FileCheck %s --check-prefix=PROFILE
// RUN: not dendron-opt %s --pass-pipeline='builtin.module(spinn-attach-machine{machine=%S/Inputs/missing.json})' 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not dendron-opt %s --pass-pipeline='builtin.module(spinn-attach-machine{machine=%S/Inputs/malformed.json})' 2>&1 | FileCheck %s --check-prefix=MALFORMED

// spinn-attach-machine records the machine as spinn.machine @machine with
// its whole JSON description. Expected numbers are the profiles' documented
// resources (docs/Machine.md): SpiNNaker1 chips have 18 cores and 1023
// router entries, the SpiNNaker2-like chip 152 cores, 16,384 entries and
// 1 GiB = 1073741824 bytes of shared memory.

// SPINN5: spinn.machine @machine profile("spinn5")
// SPINN5-SAME: \22cores_per_chip\22: 18
// SPINN5-SAME: \22profile\22: \22spinn5\22
// SPINN5-SAME: \22router_entries\22: 1023

// SPINN2: spinn.machine @machine profile("spinn2")
// SPINN2-SAME: \22chip_shared_memory_bytes\22: 1073741824
// SPINN2-SAME: \22cores_per_chip\22: 152
// SPINN2-SAME: \22router_entries\22: 16384

// GRID: spinn.machine @machine profile("3x2t")
// GRID-SAME: \22height\22: 2
// GRID-SAME: \22torus\22: true, \22width\22: 3}

// Dead chips and cores survive in the description.
// JSON: spinn.machine @machine profile("{{.*}}dead.json")
// JSON-SAME: \22dead_chips\22: [{\22x\22: 0, \22y\22: 0}], \22dead_cores\22: [{\22p\22: 5, \22x\22: 1, \22y\22: 0}]
// JSON-SAME: \22name\22: \22two-chips-one-dead\22

// Attaching again replaces the machine.
// AGAIN: spinn.machine @machine profile("2x2")
// AGAIN-NOT: spinn.machine

// The printed description parses back.
// ROUNDTRIP: spinn.machine @machine profile("2x2")

// PROFILE: error: spinn-attach-machine: unknown machine profile '3y3': expected 'spinn5', 'spinn2', 'WxH' or 'WxHt' with W and H in [1, 256]
// MISSING: error: spinn-attach-machine: {{.*}}missing.json: cannot open the machine description
// MALFORMED: error: spinn-attach-machine: {{.*}}malformed.json: malformed JSON at line 2

module {
}
