#include "libs/server/reflection_option.h"

#include "grpcpp/ext/proto_server_reflection_plugin.h"

namespace nanoinfluence {

void ReflectionOption::UpdatePlugins(
    std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) {
  std::erase_if(*plugins, [](const auto& plugin) {
    return dynamic_cast<grpc::reflection::ProtoServerReflectionPlugin*>(
               plugin.get()) != nullptr;
  });
  if (enabled_) {
    plugins->push_back(
        std::make_unique<grpc::reflection::ProtoServerReflectionPlugin>());
  }
}

}  // namespace nanoinfluence
