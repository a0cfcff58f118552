//===- SnnToRuntime.cpp - snn IR to runtime network description -----------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Dialect/Snn/SnnToRuntime.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace dendron;
using namespace dendron::snn;

static rt::ResetMode toRuntime(ResetMode mode) {
  return mode == ResetMode::subtract ? rt::ResetMode::Subtract
                                     : rt::ResetMode::Zero;
}

static rt::Integrator toRuntime(Integrator integrator) {
  return integrator == Integrator::euler ? rt::Integrator::Euler
                                         : rt::Integrator::Exact;
}

static rt::LifModel toRuntimeLif(LifAttr lif) {
  rt::LifModel model;
  model.tauMem = lif.getTauMem();
  model.vLeak = lif.getVLeak();
  model.vTh = lif.getVTh();
  model.vReset = lif.getVReset();
  model.r = lif.getR();
  model.tRef = lif.getTRef();
  model.tauSynExc = lif.getTauSynExc();
  model.tauSynInh = lif.getTauSynInh();
  model.tauAdapt = lif.getTauAdapt();
  model.adaptJump = lif.getAdaptJump();
  model.reset = toRuntime(lif.getReset());
  model.integrator = toRuntime(lif.getIntegrator());
  return model;
}

static rt::Branch toRuntimeBranch(BranchAttr attr) {
  rt::Branch branch;
  branch.tau = attr.getTau();
  branch.threshold = attr.getThreshold();
  branch.amplitude = attr.getAmplitude();
  branch.gain = attr.getGain();
  branch.slope = attr.getSlope();
  branch.plateauSteps = attr.getPlateauSteps();
  branch.coupling = attr.getCoupling();
  switch (attr.getNonlinearity()) {
  case BranchNonlinearity::plateau:
    branch.nonlinearity = rt::BranchNonlinearity::Plateau;
    break;
  case BranchNonlinearity::sigmoid:
    branch.nonlinearity = rt::BranchNonlinearity::Sigmoid;
    break;
  case BranchNonlinearity::leaky_relu:
    branch.nonlinearity = rt::BranchNonlinearity::LeakyRelu;
    break;
  }
  return branch;
}

rt::NeuronModel snn::toRuntimeModel(NeuronModelAttrInterface model) {
  return llvm::TypeSwitch<Attribute, rt::NeuronModel>(model)
      .Case([](LifAttr lif) { return toRuntimeLif(lif); })
      .Case([](IfAttr attr) {
        rt::LifModel lif;
        lif.tauMem = 0.0; // no leak
        lif.vTh = attr.getVTh();
        lif.vReset = attr.getVReset();
        lif.r = attr.getR();
        lif.tRef = attr.getTRef();
        lif.reset = toRuntime(attr.getReset());
        return lif;
      })
      .Case([](IAttr attr) {
        rt::LifModel lif;
        lif.tauMem = 0.0; // no leak
        lif.r = attr.getR();
        lif.spiking = false;
        return lif;
      })
      .Case([](ThresholdAttr attr) {
        rt::LifModel lif;
        lif.memoryless = true; // v = input each step
        lif.vTh = attr.getVTh();
        lif.vReset = 0.0;
        return lif;
      })
      .Case([](LiAttr attr) {
        rt::LifModel lif;
        lif.tauMem = attr.getTauMem();
        lif.vLeak = attr.getVLeak();
        lif.r = attr.getR();
        // CubaLI has one synaptic current; both receptor channels share it.
        lif.tauSynExc = attr.getTauSyn();
        lif.tauSynInh = attr.getTauSyn();
        lif.spiking = false;
        lif.integrator = toRuntime(attr.getIntegrator());
        return lif;
      })
      .Case([](IzhikevichAttr attr) {
        rt::IzhikevichModel izh;
        izh.a = attr.getA();
        izh.b = attr.getB();
        izh.c = attr.getC();
        izh.d = attr.getD();
        izh.vPeak = attr.getVPeak();
        izh.tauSyn = attr.getTauSyn();
        return izh;
      })
      .Case([](DendriticAttr attr) {
        rt::DendriticModel dendritic;
        dendritic.soma = toRuntimeLif(attr.getSoma());
        for (Attribute branch : attr.getBranches())
          dendritic.branches.push_back(
              toRuntimeBranch(cast<BranchAttr>(branch)));
        return dendritic;
      })
      .Default([](Attribute) -> rt::NeuronModel {
        llvm_unreachable("every neuron model attribute has a runtime form");
      });
}

static rt::StdpRule toRuntimeStdp(StdpAttr attr) {
  rt::StdpRule rule;
  rule.tauPlus = attr.getTauPlus();
  rule.tauMinus = attr.getTauMinus();
  rule.aPlus = attr.getAPlus();
  rule.aMinus = attr.getAMinus();
  rule.wMin = attr.getWMin();
  rule.wMax = attr.getWMax();
  return rule;
}

FailureOr<rt::Plasticity> snn::toRuntimePlasticity(
    Operation *anchor, Attribute plasticity,
    function_ref<std::optional<rt::NodeRef>(FlatSymbolRefAttr)> resolve) {
  if (!plasticity)
    return rt::Plasticity{};
  if (auto stdp = dyn_cast<StdpAttr>(plasticity))
    return rt::Plasticity{toRuntimeStdp(stdp)};
  auto threeFactor = cast<ThreeFactorAttr>(plasticity);
  std::optional<rt::NodeRef> modulator = resolve(threeFactor.getModulator());
  if (!modulator)
    return anchor->emitOpError()
           << "three-factor modulator " << threeFactor.getModulator()
           << " does not name a population or source";
  rt::ThreeFactorRule rule;
  rule.pairing = toRuntimeStdp(threeFactor.getStdp());
  rule.tauEligibility = threeFactor.getTauE();
  rule.tauModulator = threeFactor.getTauM();
  rule.learningRate = threeFactor.getLearningRate();
  rule.modulator = *modulator;
  return rt::Plasticity{rule};
}

static rt::RealDistribution toRuntimeDistribution(Attribute attr) {
  rt::RealDistribution dist;
  if (auto constant = dyn_cast<ConstantAttr>(attr)) {
    dist.kind = rt::RealDistribution::Kind::Constant;
    dist.a = constant.getValue();
  } else if (auto uniform = dyn_cast<UniformAttr>(attr)) {
    dist.kind = rt::RealDistribution::Kind::Uniform;
    dist.a = uniform.getLow();
    dist.b = uniform.getHigh();
  } else {
    auto normal = cast<NormalAttr>(attr);
    dist.kind = rt::RealDistribution::Kind::Normal;
    dist.a = normal.getMean();
    dist.b = normal.getStd();
  }
  return dist;
}

rt::RealDistribution snn::initialPotential(PopulationOp population) {
  if (auto init = population.getInit())
    return toRuntimeDistribution(*init);
  rt::RealDistribution rest;
  rest.a = llvm::TypeSwitch<Attribute, double>(population.getModel())
               .Case([](LifAttr lif) { return lif.getVLeak(); })
               .Case([](IfAttr attr) { return attr.getVReset(); })
               .Case([](LiAttr attr) { return attr.getVLeak(); })
               .Case([](IzhikevichAttr attr) { return attr.getC(); })
               .Case([](DendriticAttr attr) {
                 return double(attr.getSoma().getVLeak());
               })
               .Default([](Attribute) { return 0.0; });
  return rest;
}

FailureOr<std::vector<double>> snn::readWeights(Operation *anchor,
                                                ElementsAttr weights) {
  std::vector<double> values;
  values.reserve(weights.getNumElements());
  // A dense_resource blob can be missing (a file whose resource section was
  // dropped); every other storage yields its values.
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(weights)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return anchor->emitOpError() << "weights refer to dense_resource blob '"
                                   << resource.getRawHandle().getKey()
                                   << "', which the file does not define";
  }
  // Resource blobs are typed views; the generic ElementsAttr accessors do
  // not see through the untyped DenseResourceElementsAttr.
  if (auto f32 = dyn_cast<DenseF32ResourceElementsAttr>(weights)) {
    if (std::optional<ArrayRef<float>> data = f32.tryGetAsArrayRef()) {
      values.assign(data->begin(), data->end());
      return values;
    }
  }
  if (auto f64 = dyn_cast<DenseF64ResourceElementsAttr>(weights)) {
    if (std::optional<ArrayRef<double>> data = f64.tryGetAsArrayRef()) {
      values.assign(data->begin(), data->end());
      return values;
    }
  }
  if (auto floats = weights.tryGetValues<float>()) {
    for (float value : *floats)
      values.push_back(value);
    return values;
  }
  if (auto doubles = weights.tryGetValues<double>()) {
    values.assign(doubles->begin(), doubles->end());
    return values;
  }
  if (auto generic = weights.tryGetValues<APFloat>()) {
    for (APFloat value : *generic)
      values.push_back(value.convertToDouble());
    return values;
  }
  return anchor->emitOpError()
         << "cannot read weights of type " << weights.getType()
         << "; use f32 or f64 elements";
}

FailureOr<rt::NetworkSpec> snn::translateToRuntime(NetworkOp network) {
  rt::NetworkSpec spec;
  spec.name = network.getSymName().str();
  spec.dt = network.getDt().convertToDouble();
  spec.profile = network.getProfile() == Profile::S16_15
                     ? rt::NumericProfile::S16_15
                     : rt::NumericProfile::Float;

  // Nodes first, so projections (which may point backwards in a recurrent
  // graph region) can be resolved in any order.
  llvm::DenseMap<Value, rt::NodeRef> nodes;
  llvm::StringMap<rt::NodeRef> nodesByName;
  auto addSource = [&](Operation *op, StringRef name, uint32_t size,
                       auto kind) {
    rt::NodeRef ref{rt::NodeRef::Kind::Source, uint32_t(spec.sources.size())};
    spec.sources.push_back(rt::Source{name.str(), size, kind});
    nodes[op->getResult(0)] = ref;
    nodesByName[name] = ref;
  };
  for (Operation &op : *network.getBodyBlock()) {
    auto size = [&] {
      return cast<PopulationType>(op.getResult(0).getType()).getSize();
    };
    if (auto population = dyn_cast<PopulationOp>(op)) {
      rt::Population pop;
      pop.name = population.getSymName().str();
      pop.size = size();
      pop.model = toRuntimeModel(population.getModel());
      pop.vInit = initialPotential(population);
      pop.vInitSeed = population.getSeed();
      rt::NodeRef ref{rt::NodeRef::Kind::Population,
                      uint32_t(spec.populations.size())};
      spec.populations.push_back(std::move(pop));
      nodes[population.getResult()] = ref;
      nodesByName[population.getSymName()] = ref;
    } else if (auto array = dyn_cast<SpikeArrayOp>(op)) {
      rt::SpikeArraySource source;
      source.neuron.assign(array.getNeurons().begin(),
                           array.getNeurons().end());
      source.step.assign(array.getSteps().begin(), array.getSteps().end());
      addSource(&op, array.getSymName(), size(), std::move(source));
    } else if (auto poisson = dyn_cast<PoissonOp>(op)) {
      rt::PoissonSource source;
      source.rate = poisson.getRate().convertToDouble();
      source.seed = poisson.getSeed();
      addSource(&op, poisson.getSymName(), size(), source);
    } else if (auto external = dyn_cast<ExternalOp>(op)) {
      addSource(&op, external.getSymName(), size(), rt::ExternalSource{});
    }
  }

  auto resolve = [&](FlatSymbolRefAttr symbol) -> std::optional<rt::NodeRef> {
    auto it = nodesByName.find(symbol.getValue());
    if (it == nodesByName.end())
      return std::nullopt;
    return it->second;
  };

  for (Operation &op : *network.getBodyBlock()) {
    if (auto probe = dyn_cast<ProbeOp>(op)) {
      rt::Probe p;
      p.node = nodes.lookup(probe.getTarget());
      switch (probe.getVariable()) {
      case ProbeVariable::spikes:
        p.variable = rt::ProbeVariable::Spikes;
        break;
      case ProbeVariable::v:
        p.variable = rt::ProbeVariable::Voltage;
        break;
      case ProbeVariable::branch:
        p.variable = rt::ProbeVariable::BranchActivation;
        break;
      }
      spec.probes.push_back(p);
      continue;
    }
    auto projectionOp = dyn_cast<ProjectionOpInterface>(op);
    if (!projectionOp)
      continue;
    rt::Projection projection;
    projection.pre = nodes.lookup(projectionOp.getPre());
    projection.post = nodes.lookup(projectionOp.getPost());
    projection.synapse = projectionOp.getSynapse() == SynapseType::inh
                             ? rt::SynapseType::Inhibitory
                             : rt::SynapseType::Excitatory;
    if (std::optional<uint32_t> branch = projectionOp.getBranch())
      projection.compartment = int32_t(*branch);
    FailureOr<rt::Plasticity> plasticity =
        toRuntimePlasticity(&op, op.getAttr("plasticity"), resolve);
    if (failed(plasticity))
      return failure();
    projection.plasticity = *plasticity;

    if (auto dense = dyn_cast<DenseOp>(op)) {
      rt::DenseConnector connector;
      FailureOr<std::vector<double>> weights =
          readWeights(&op, dense.getWeights());
      if (failed(weights))
        return failure();
      connector.weights = std::move(*weights);
      connector.delay = dense.getDelay();
      projection.connector = std::move(connector);
      if (ElementsAttr bias = dense.getBiasAttr()) {
        FailureOr<std::vector<double>> values = readWeights(&op, bias);
        if (failed(values))
          return failure();
        projection.bias = std::move(*values);
      }
    } else if (auto sparse = dyn_cast<SparseOp>(op)) {
      rt::SparseConnector connector;
      connector.pre.assign(sparse.getPreIndices().begin(),
                           sparse.getPreIndices().end());
      connector.post.assign(sparse.getPostIndices().begin(),
                            sparse.getPostIndices().end());
      connector.weights.assign(sparse.getWeights().begin(),
                               sparse.getWeights().end());
      connector.delays.assign(sparse.getDelays().begin(),
                              sparse.getDelays().end());
      projection.connector = std::move(connector);
    } else if (auto oneToOne = dyn_cast<OneToOneOp>(op)) {
      projection.connector = rt::OneToOneConnector{
          oneToOne.getWeight().convertToDouble(), oneToOne.getDelay()};
    } else if (auto conv = dyn_cast<Conv2dOp>(op)) {
      rt::Conv2dConnector connector;
      auto type = cast<ShapedType>(conv.getWeights().getType());
      ArrayRef<int64_t> in = conv.getInputShape();
      connector.inChannels = in[0];
      connector.inHeight = in[1];
      connector.inWidth = in[2];
      connector.outChannels = type.getDimSize(0);
      connector.kernelH = type.getDimSize(2);
      connector.kernelW = type.getDimSize(3);
      connector.strideH = conv.getStride()[0];
      connector.strideW = conv.getStride()[1];
      connector.padH = conv.getPadding()[0];
      connector.padW = conv.getPadding()[1];
      connector.dilationH = conv.getDilation()[0];
      connector.dilationW = conv.getDilation()[1];
      connector.groups = conv.getGroups();
      FailureOr<std::vector<double>> weights =
          readWeights(&op, conv.getWeights());
      if (failed(weights))
        return failure();
      connector.weights = std::move(*weights);
      connector.delay = conv.getDelay();
      if (ElementsAttr bias = conv.getBiasAttr()) {
        // One value per output channel, repeated over the channel's H' x W'
        // neurons (channel-major, like the post population).
        FailureOr<std::vector<double>> values = readWeights(&op, bias);
        if (failed(values))
          return failure();
        std::array<int64_t, 3> out = conv.getOutputShape();
        size_t plane = size_t(out[1]) * size_t(out[2]);
        projection.bias.reserve(values->size() * plane);
        for (double b : *values)
          projection.bias.insert(projection.bias.end(), plane, b);
      }
      projection.connector = std::move(connector);
    } else if (auto pool = dyn_cast<Pool2dOp>(op)) {
      rt::Pool2dConnector connector;
      connector.average = pool.getKind() == PoolKind::avg;
      ArrayRef<int64_t> in = pool.getInputShape();
      connector.channels = in[0];
      connector.inHeight = in[1];
      connector.inWidth = in[2];
      connector.kernelH = pool.getKernel()[0];
      connector.kernelW = pool.getKernel()[1];
      connector.strideH = pool.getStride()[0];
      connector.strideW = pool.getStride()[1];
      connector.padH = pool.getPadding()[0];
      connector.padW = pool.getPadding()[1];
      connector.delay = pool.getDelay();
      projection.connector = connector;
    } else if (auto connect = dyn_cast<ConnectOp>(op)) {
      rt::ProceduralConnector connector;
      Attribute rule = connect.getConnector();
      if (auto p = dyn_cast<FixedProbabilityAttr>(rule)) {
        connector.kind = rt::ProceduralConnector::Kind::FixedProbability;
        connector.p = p.getP();
        connector.allowSelf = p.getAllowSelf();
      } else if (auto k = dyn_cast<FixedInDegreeAttr>(rule)) {
        connector.kind = rt::ProceduralConnector::Kind::FixedInDegree;
        connector.count = k.getK();
        connector.allowSelf = k.getAllowSelf();
        connector.allowMultapses = k.getAllowMultapses();
      } else {
        auto n = cast<FixedTotalAttr>(rule);
        connector.kind = rt::ProceduralConnector::Kind::FixedTotal;
        connector.count = n.getN();
        connector.allowSelf = n.getAllowSelf();
        connector.allowMultapses = n.getAllowMultapses();
      }
      connector.weight = toRuntimeDistribution(connect.getWeight());
      uint32_t delay = connect.getDelay();
      uint32_t maxDelay = connect.getLongestDelay();
      connector.delay.kind = maxDelay > delay
                                 ? rt::DelayDistribution::Kind::Uniform
                                 : rt::DelayDistribution::Kind::Constant;
      connector.delay.lo = delay;
      connector.delay.hi = maxDelay;
      connector.seed = connect.getSeed();
      projection.connector = connector;
    }
    spec.projections.push_back(std::move(projection));
  }
  return spec;
}
