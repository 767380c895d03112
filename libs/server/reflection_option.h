// Switches gRPC server reflection on or off for one grpc::ServerBuilder.
//
//   builder.SetOption(std::make_unique<ReflectionOption>(false));
#pragma once

#include <memory>
#include <vector>

#include "grpcpp/server_builder.h"

namespace nanoinfluence {

// Linking gRPC's reflection library registers its plugin for every server of
// the process (a static initializer), so "off" removes that plugin and "on"
// makes sure exactly one is present.
class ReflectionOption : public grpc::ServerBuilderOption {
 public:
  explicit ReflectionOption(bool enabled) : enabled_(enabled) {}
  void UpdateArguments(grpc::ChannelArguments*) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>*
                         plugins) override;

 private:
  bool enabled_;
};

}  // namespace nanoinfluence
