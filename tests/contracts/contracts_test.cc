// Lints the contracts as the style guide (docs/proto-style.md) states them,
// from the descriptors themselves so nothing new can slip past: every element
// documented, every RPC with an access policy, enum zero values UNSPECIFIED,
// write RPCs idempotent by request_id, IngestEvents on every service.
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "gtest/gtest.h"
#include "nanoinfluence/common/v1/auth.pb.h"

namespace nanoinfluence {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::EnumDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::FileDescriptorSet;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;
using google::protobuf::SourceLocation;

const std::vector<std::string> kServices = {
    "nanoinfluence.recruitment.v1.RecruitmentService",
    "nanoinfluence.dispatch.v1.DispatchService",
    "nanoinfluence.ugc.v1.UgcService",
    "nanoinfluence.kpi.v1.KpiService",
};

// Verbs of RPCs that change state; each must carry `string request_id = 1`.
const std::vector<std::string> kWriteVerbs = {
    "Register", "Update", "Link",   "Unlink",   "Erase",  "Create",
    "Open",     "Close",  "Apply",  "Withdraw", "Invite", "Select",
    "Override", "Set",    "Adjust", "Allocate", "Import", "Submit",
    "Moderate", "Report", "Reply",  "Record",   "Recount"};

// The contracts with their comments (source info), as protoc compiled them.
class ContractsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::ifstream in(NANO_DESCRIPTOR_SET, std::ios::binary);
    FileDescriptorSet set;
    ASSERT_TRUE(set.ParseFromIstream(&in)) << NANO_DESCRIPTOR_SET;
    pool_ = new DescriptorPool();
    for (const auto& file : set.file()) {
      ASSERT_NE(pool_->BuildFile(file), nullptr) << file.name();
      if (file.name().rfind("nanoinfluence/", 0) == 0) {
        files_.push_back(pool_->FindFileByName(file.name()));
      }
    }
  }

  static inline DescriptorPool* pool_ = nullptr;
  static inline std::vector<const FileDescriptor*> files_;
};

template <typename T>
bool Documented(const T* element) {
  SourceLocation location;
  return element->GetSourceLocation(&location) &&
         (!location.leading_comments.empty() ||
          !location.trailing_comments.empty());
}

void CollectUndocumented(const EnumDescriptor* e,
                         std::vector<std::string>* missing) {
  if (!Documented(e)) missing->push_back(e->full_name());
  for (int i = 0; i < e->value_count(); ++i) {
    if (!Documented(e->value(i))) missing->push_back(e->value(i)->full_name());
  }
}

void CollectUndocumented(const Descriptor* m,
                         std::vector<std::string>* missing) {
  if (!Documented(m)) missing->push_back(m->full_name());
  for (int i = 0; i < m->field_count(); ++i) {
    if (!Documented(m->field(i))) missing->push_back(m->field(i)->full_name());
  }
  for (int i = 0; i < m->nested_type_count(); ++i) {
    CollectUndocumented(m->nested_type(i), missing);
  }
  for (int i = 0; i < m->enum_type_count(); ++i) {
    CollectUndocumented(m->enum_type(i), missing);
  }
}

TEST_F(ContractsTest, AllFourServicesExist) {
  for (const std::string& name : kServices) {
    EXPECT_NE(pool_->FindServiceByName(name), nullptr) << name;
  }
}

TEST_F(ContractsTest, EveryElementIsDocumented) {
  std::vector<std::string> missing;
  for (const FileDescriptor* file : files_) {
    for (int i = 0; i < file->message_type_count(); ++i) {
      CollectUndocumented(file->message_type(i), &missing);
    }
    for (int i = 0; i < file->enum_type_count(); ++i) {
      CollectUndocumented(file->enum_type(i), &missing);
    }
    for (int i = 0; i < file->service_count(); ++i) {
      const ServiceDescriptor* service = file->service(i);
      if (!Documented(service)) missing.push_back(service->full_name());
      for (int j = 0; j < service->method_count(); ++j) {
        if (!Documented(service->method(j))) {
          missing.push_back(service->method(j)->full_name());
        }
      }
    }
  }
  EXPECT_TRUE(missing.empty()) << "undocumented: " << missing.front() << " and "
                               << missing.size() - 1 << " more";
}

TEST_F(ContractsTest, EveryEnumStartsWithUnspecified) {
  std::vector<const EnumDescriptor*> enums;
  for (const FileDescriptor* file : files_) {
    for (int i = 0; i < file->enum_type_count(); ++i) {
      enums.push_back(file->enum_type(i));
    }
    for (int i = 0; i < file->message_type_count(); ++i) {
      const Descriptor* m = file->message_type(i);
      for (int j = 0; j < m->enum_type_count(); ++j) {
        enums.push_back(m->enum_type(j));
      }
    }
  }
  for (const EnumDescriptor* e : enums) {
    const std::string zero = e->FindValueByNumber(0)->name();
    EXPECT_TRUE(zero.size() > 12 &&
                zero.compare(zero.size() - 12, 12, "_UNSPECIFIED") == 0)
        << e->full_name() << " has zero value " << zero;
  }
}

// The `access` option parses as a typed extension (auth.pb.cc is linked), as
// the runtime will read it at start.
TEST_F(ContractsTest, EveryRpcDeclaresWhoMayCallIt) {
  for (const std::string& name : kServices) {
    const ServiceDescriptor* service = pool_->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      const MethodDescriptor* method = service->method(i);
      const auto& policy = method->options().GetExtension(common::v1::access);
      EXPECT_GT(policy.roles_size(), 0) << method->full_name();
      for (int role : policy.roles()) {
        EXPECT_NE(role, common::v1::ROLE_UNSPECIFIED) << method->full_name();
      }
    }
  }
}

TEST_F(ContractsTest, WriteRpcsTakeARequestId) {
  for (const std::string& name : kServices) {
    const ServiceDescriptor* service = pool_->FindServiceByName(name);
    for (int i = 0; i < service->method_count(); ++i) {
      const MethodDescriptor* method = service->method(i);
      bool writes = false;
      for (const std::string& verb : kWriteVerbs) {
        writes |= method->name().rfind(verb, 0) == 0;
      }
      if (!writes) continue;
      const auto* field = method->input_type()->FindFieldByName("request_id");
      ASSERT_NE(field, nullptr) << method->full_name();
      EXPECT_EQ(field->number(), 1) << method->full_name();
      EXPECT_EQ(field->type(), google::protobuf::FieldDescriptor::TYPE_STRING)
          << method->full_name();
    }
  }
}

TEST_F(ContractsTest, EveryServiceTakesEventsFromTheRelay) {
  for (const std::string& name : kServices) {
    const MethodDescriptor* ingest =
        pool_->FindServiceByName(name)->FindMethodByName("IngestEvents");
    ASSERT_NE(ingest, nullptr) << name;
    EXPECT_EQ(ingest->input_type()->full_name(),
              "nanoinfluence.common.v1.IngestEventsRequest");
    EXPECT_EQ(ingest->output_type()->full_name(),
              "nanoinfluence.common.v1.IngestEventsResponse");
  }
}

}  // namespace
}  // namespace nanoinfluence
