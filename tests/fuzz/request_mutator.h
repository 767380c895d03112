// Structural mutation of protobuf messages through reflection, for the
// fuzz targets' custom mutator (fuzz_mutator_entry.cc): libFuzzer's byte
// mutations of a text-format input mostly break its syntax, while a request
// handler is reached only by well-formed messages with bad values. One
// mutation sets or clears one field somewhere in the message tree, picks
// another case of a oneof (another RPC), adds or removes a repeated
// element, or moves a number or string to a hostile value: limits and
// limits+1, out-of-range enums, invalid UTF-8, NUL, zero-width and
// right-to-left characters, huge lengths.
//
//   RequestMutator mutator(seed);
//   mutator.Mutate(*input);
#pragma once

#include <random>
#include <string>

#include "google/protobuf/message.h"

namespace nanoinfluence::fuzz {

class RequestMutator {
 public:
  explicit RequestMutator(unsigned seed) : random_(seed) {}

  // Applies one to three mutations to `message`.
  void Mutate(google::protobuf::Message& message);

  // Inserts copies of some elements of `from`'s first repeated field into
  // the same field of `into` (same type): calls of one input join another's.
  void CrossOver(google::protobuf::Message& into,
                 const google::protobuf::Message& from);

 private:
  using Field = google::protobuf::FieldDescriptor;
  using Message = google::protobuf::Message;

  void MutateOnce(Message& message);
  void MutateSingular(Message& message, const Field* field);
  void MutateRepeated(Message& message, const Field* field);
  // Sets element `index` of a repeated field, or the singular field when
  // index is -1, to a new scalar value.
  void SetScalar(Message& message, const Field* field, int index);
  int64_t Integer(int64_t current);
  double Real(double current);
  int Enum(const Field* field);
  std::string Text(const std::string& current);

  size_t Below(size_t n) { return n == 0 ? 0 : random_() % n; }
  bool OneIn(size_t n) { return Below(n) == 0; }

  std::minstd_rand random_;
};

}  // namespace nanoinfluence::fuzz
