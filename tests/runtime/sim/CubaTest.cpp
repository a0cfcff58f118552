//===- CubaTest.cpp - The CUBA benchmark network --------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <iostream>

using namespace dendron::rt;
using namespace dendron::rt::test;

namespace {

TEST(Cuba, OneSecondRunsFastAndStaysAsynchronous) {
  // 4000 LIF neurons, p = 0.02, 1 s at dt = 0.1 ms, one thread.
  NetworkSpec net = cuba(1e-4, 4000);
  Recording r = run(net, 10000, 1);
  std::cout << "CUBA 4000 neurons, " << r.numSynapses << " synapses, "
            << r.numSynapticEvents << " events: setup " << r.setupSeconds
            << " s, loop " << r.wallSeconds << " s\n";
  EXPECT_NEAR(double(r.numSynapses), 0.02 * 4000 * 3999, 5 * 280.0);
  double rate = double(r.nodes[0].spikes + r.nodes[1].spikes) / 4000.0;
  EXPECT_GT(rate, 1.0);
  EXPECT_LT(rate, 30.0);
  EXPECT_EQ(r.numNeurons, 4000u);
  EXPECT_LT(r.wallSeconds, 2.0);
}

} // namespace
