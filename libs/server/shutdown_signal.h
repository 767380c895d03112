// SIGTERM / SIGINT handling for service mains, without async-signal-unsafe
// handlers: the signals are blocked in every thread and one thread waits for
// them with sigwait.
//
//   int main(...) {
//     BlockShutdownSignals();  // first, before any thread starts
//     ... start the server ...
//     int signal = WaitForShutdownSignal();
//     server->Shutdown();
//   }
#pragma once

namespace nanoinfluence {

// Blocks SIGTERM and SIGINT in the calling thread and in every thread it
// creates afterwards. Call at the top of main.
void BlockShutdownSignals();

// Waits until SIGTERM or SIGINT arrives and returns its number.
int WaitForShutdownSignal();

}  // namespace nanoinfluence
