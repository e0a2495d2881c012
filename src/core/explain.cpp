// The Explain panel's words: one short story per scenario and lock type, told from what each
// scenario's programs really do (src/core/scenarios/*.cpp). Keep them in step when a program
// changes.

#include "core/explain.hpp"

#include "core/lock.hpp"
#include "core/names.hpp"
#include "core/scenario.hpp"

namespace racelab {

namespace {

std::string number(std::int64_t value) {
  return std::to_string(value);
}

// "Alice and Bob", or "Alice" alone when there is one worker: the two who meet first.
std::string first_two(const RunConfig& config) {
  if (config.workers < 2) return worker_name(0);
  return worker_name(0) + " and " + worker_name(1);
}

// Section: booking ---------------------------------------------------------------------------

Explanation explain_booking(const RunConfig& config) {
  const auto pair = first_two(config);
  switch (config.lock) {
    case LockKind::None:
      return {
          "Each freelancer looks at the calendar, sees 10:00 free, thinks for a moment and "
          "writes their name into it.",
          "Between the look and the write nobody stops another from looking too, so " + pair +
              " can both see 10:00 free and both write: two names land in one slot. The "
              "security camera sees one's look and the other's write with nothing ordering "
              "them, even in a run where the calendar happens to come out right.",
          ""};
    case LockKind::Mutex:
      return {
          "The receptionist hands out the one logbook: each freelancer looks, thinks and "
          "writes while holding it, and the others queue at the desk.",
          "So whoever comes next sees 10:00 already taken and books 11:00, the one after "
          "that 12:00. Handing the logbook back and taking it orders every look after the "
          "write before it, and the camera stays quiet.",
          ""};
    case LockKind::Spinlock:
      return {
          "No receptionist: a freelancer who finds the door locked keeps trying the handle "
          "until it opens, then looks, thinks and writes inside.",
          "Only one is inside at a time, so the calendar fills 10:00, 11:00, 12:00 as with "
          "the mutex. The price is the waiting: each one rattling the handle keeps a desk "
          "busy doing nothing useful.",
          ""};
    case LockKind::Atomic:
      return {
          "No lock at all: each freelancer looks at 10:00, thinks, then writes their name "
          "with one compare-and-swap that succeeds only if the slot is still empty at that "
          "very instant.",
          "When " + pair +
              " both saw it free, one swap wins and the other fails; the loser moves on and "
              "looks at 11:00. Each slot ends with one name, and the camera sees atomic "
              "operations, not a race.",
          ""};
    case LockKind::Channel:
      return {
          "Nobody touches the calendar but its owner, one extra freelancer. The others send "
          "a request on a buffered channel and wait for the answer on a channel of their "
          "own.",
          "The owner takes the requests one at a time and looks, thinks and writes for each, "
          "so bookings come out 10:00, 11:00, 12:00 in the order the requests arrived. "
          "Every send and receive is an edge the camera follows: share memory by "
          "communicating.",
          ""};
    default: return {};
  }
}

// Section: flash sale ------------------------------------------------------------------------

Explanation explain_flash_sale(const RunConfig& config) {
  const int stock = config.param("stock");
  const auto shelf = stock == 1 ? std::string("the last pair") : number(stock) + " pairs";
  std::string sells = number(stock) + " pairs sell";
  if (stock == 1) sells = "the last pair sells";
  if (stock == 0) sells = "nothing sells";
  const bool enough = stock >= config.workers;
  switch (config.lock) {
    case LockKind::None:
      return {"The shelf holds " + shelf + " and " +
                  counted(config.workers, "buyer wants", "buyers want") +
                  (stock == 1 ? " it" : " them") +
                  ". Each checks the stock count, thinks with card in hand, then takes one "
                  "off and records an order.",
              enough ? "With enough pairs for every buyer nothing can be oversold, but buyers "
                       "who check at the same time write back the same count, so the shelf "
                       "shows more pairs than are left. The camera still sees the unguarded "
                       "read and write."
                     : "Buyers who check before anyone has written the new count all see a "
                       "pair left and all order: more orders than pairs in stock. The camera "
                       "sees the check of one and the write of another with nothing between "
                       "them.",
              ""};
    case LockKind::Mutex:
      return {
          "The receptionist hands out the one logbook of the shelf: check, think and take "
          "happen while holding it, one buyer at a time.",
          "Each buyer sees the count the previous one left, so " + sells +
              " and everyone after that finds the shelf empty and leaves without an order. "
              "The logbook orders every check after the last take.",
          ""};
    case LockKind::Spinlock:
      return {
          "The buyers crowd the stockroom door: whoever finds it locked keeps trying the "
          "handle; the one inside checks, thinks and takes.",
          "One at a time inside, so " + sells +
              ", as with the mutex. With many buyers the waiting is busy: every spinning "
              "buyer keeps a desk occupied.",
          ""};
    case LockKind::Atomic:
      return {
          "No lock: each buyer reads the count, thinks, then swaps it for one less, but only "
          "if it still holds what they read (compare-and-swap).",
          "If another buyer took a pair in between, the swap fails and the buyer checks "
          "again; when the count reaches zero they leave. So " +
              sells + ", never more, and no buyer ever waits for a lock.",
          ""};
    case LockKind::Channel:
      return {
          "One shopkeeper, an extra freelancer, owns the shelf. Buyers send their order on a "
          "buffered channel and wait for the answer on their own.",
          "The shopkeeper checks and sells for one order at a time, so the stock goes to "
          "the first orders that arrive and the rest are told sold out. "
          "The channels order every access: share memory by communicating.",
          ""};
    default: return {};
  }
}

// Section: ledger ----------------------------------------------------------------------------

Explanation explain_ledger(const RunConfig& config) {
  const int balance = config.param("balance");
  const int amount = config.param("amount");
  const int fits = amount > 0 ? balance / amount : 0;
  const auto figures = "The account holds " + number(balance) + " and each customer withdraws " +
                       number(amount) + ". ";
  std::string capacity = "Only " + counted(fits, "withdrawal fits", "withdrawals fit") + ".";
  if (fits == 0) capacity = "Not even one withdrawal fits, so every check says no.";
  if (fits >= config.workers) capacity = "There is enough for every withdrawal.";
  switch (config.lock) {
    case LockKind::None:
      return {
          figures + "Each checks the balance, counts the notes, then writes the balance less " +
              number(amount) + ".",
          fits == 0
              ? capacity
              : "Two customers who check before either writes both see " + number(balance) +
                    " and both get paid; both then write " + number(balance - amount) +
                    ": one withdrawal vanishes from the ledger" +
                    (fits < config.workers ? ", and the bank pays out more than it held." : ".") +
                    " The camera sees the check and the other's write unordered.",
          ""};
    case LockKind::Mutex:
      return {figures +
                  "The receptionist hands out the one ledger: check, count and write happen "
                  "while holding it.",
              capacity +
                  " Each customer sees the balance the previous one wrote, so the books "
                  "always balance and nobody is paid from money already gone.",
              ""};
    case LockKind::Spinlock:
      return {figures +
                  "Whoever finds the vault locked keeps trying the handle; the one inside "
                  "checks, counts and writes.",
              capacity +
                  " One customer at a time, so the books balance as with the mutex; the "
                  "waiting ones keep their desks busy while they try.",
              ""};
    case LockKind::Atomic:
      return {figures +
                  "No lock: each reads the balance, counts the notes, then swaps in the "
                  "balance less " +
                  number(amount) + " only if it still holds what they read.",
              capacity +
                  " A swap that finds the balance changed fails, and that customer checks "
                  "again with the new figure, so no withdrawal is lost.",
              ""};
    case LockKind::Channel:
      return {figures +
                  "One teller, an extra freelancer, owns the ledger; customers hand in a slip "
                  "on a buffered channel and wait for the answer.",
              capacity +
                  " The teller checks and pays one slip at a time, so the books balance and "
                  "the channels order every access.",
              ""};
    default: return {};
  }
}

// Section: bulletin --------------------------------------------------------------------------

Explanation explain_bulletin(const RunConfig& config) {
  const auto writer = worker_name(0);
  const int readers = config.workers - 1;
  const auto board = writer + " pins up " +
                     counted(config.param("updates"), "new version", "new versions") +
                     " of a four-sheet notice, one sheet at a time, while " +
                     counted(readers, "reader reads", "readers read") + " all four sheets " +
                     counted(config.param("reads"), "time", "times") + ". ";
  switch (config.lock) {
    case LockKind::None:
      return {board + "Nobody keeps the readers away while " + writer + " is at the board.",
              "A reader who comes by halfway through a rewrite sees new sheets beside old ones: a "
              "torn read. The camera sees the writer's sheet and the reader's look with nothing "
              "ordering them.",
              ""};
    case LockKind::Mutex:
      return {board +
                  "The receptionist hands out the one logbook, to readers and the writer "
                  "alike.",
              "Nobody reads during a rewrite, so every read sees one whole version. But readers "
              "also wait for each other, though reading together would harm nothing, so fewer "
              "reads get done per second.",
              ""};
    case LockKind::RWMutex:
      return {board + "The receptionist lets any number of readers at the board together, but " +
                  writer + " only alone.",
              "Reads stay whole and readers no longer queue behind each other, so this is the "
              "read-heavy case where it beats the mutex. As in Go, once " +
                  writer + " waits, new readers wait behind her, so she is not starved.",
              ""};
    case LockKind::Spinlock:
      return {board + "One at a time at the board; whoever finds it taken keeps trying.",
              "Reads stay whole as with the mutex, and readers still exclude each other; the "
              "ones waiting spin and keep their desks busy.",
              ""};
    default: return {};
  }
}

// Section: pool ------------------------------------------------------------------------------

Explanation explain_pool(const RunConfig& config) {
  const int connections = config.param("connections");
  const auto pool = "Here " + counted(config.workers, "worker shares", "workers share") + " " +
                    counted(connections, "connection", "connections") + ". ";
  switch (config.lock) {
    case LockKind::None:
      return {pool +
                  "Each looks for a free connection, writes their name on it, runs a query "
                  "and hands it back.",
              "Two who look before either has written see the same connection free and both "
              "take it, so one connection serves two queries at once. The camera sees the look "
              "and the other's name written with nothing between them.",
              ""};
    case LockKind::Mutex:
      return {pool +
                  "The receptionist's logbook guards finding and taking a connection, and "
                  "handing it back; the query itself runs outside it.",
              "So the next worker sees the name already written and picks another connection, "
              "or comes back in a moment when all are busy. The queries still run side by side.",
              ""};
    case LockKind::Spinlock:
      return {pool +
                  "Finding, taking and handing back happen behind one door; whoever finds it "
                  "locked keeps trying the handle. The query runs outside.",
              "No connection is taken twice, as with the mutex; the cost is desks kept busy by "
              "workers spinning at the door.",
              ""};
    case LockKind::Atomic:
      return {pool +
                  "No lock: a worker claims a free connection with one compare-and-swap from "
                  "empty to their name, and clears it again when done.",
              "If another got there first the swap fails and the worker tries the next "
              "connection, or comes back later. A connection is never held by two.",
              ""};
    case LockKind::Semaphore:
      return {pool + "The receptionist holds " +
                  counted(connections, "numbered key", "numbered keys") +
                  ", one per connection, and hands a free one to each worker who asks.",
              "The key's number is the connection, so two workers can never hold the same one; "
              "when every key is out, the next worker waits until a key comes back.",
              ""};
    default: return {};
  }
}

// Section: cache -----------------------------------------------------------------------------

Explanation explain_cache(const RunConfig& config) {
  const int writers = config.param("writers");
  const auto map = "Of " + counted(config.workers, "worker", "workers") + ", " + number(writers) +
                   (writers == 1 ? " changes" : " change") +
                   " a shared map while the others look things up. As in Go, the map raises a "
                   "flag while it is written. ";
  switch (config.lock) {
    case LockKind::None:
      return {map + "Nobody keeps readers away from a write under way.",
              "A read that finds the flag raised is what Go stops the program for: fatal error: "
              "concurrent map read and map write. The camera sees the flag written and read "
              "with nothing ordering them.",
              ""};
    case LockKind::Mutex:
      return {map + "The receptionist's logbook guards every read and every write.",
              "No read ever meets a raised flag, but readers wait for each other too, though "
              "looking up together would be harmless.",
              ""};
    case LockKind::RWMutex:
      return {map + "Readers share the map with each other; a writer has it alone.",
              "No read meets a write, and lookups run together. Once a writer waits, new "
              "readers wait behind it, as Go's RWMutex does.",
              ""};
    case LockKind::Spinlock:
      return {map + "One worker at a time, and whoever finds the map taken keeps trying.",
              "No read meets a write, as with the mutex; readers still exclude each other and "
              "the waiting ones keep their desks busy.",
              ""};
    case LockKind::Channel:
      return {map +
                  "Here the map has one owner, an extra freelancer, who does every read and "
                  "write for the others; they send requests on a buffered channel.",
              "Only the owner touches the map, one request at a time, so the flag is never met. "
              "The channels order every access: share memory by communicating.",
              ""};
    default: return {};
  }
}

// Section: engine ----------------------------------------------------------------------------

std::string explain_engine(const RunConfig& config) {
  const bool guarded = config.lock != LockKind::None;
  if (config.engine == EngineKind::Threads) {
    return "On the threads engine the freelancers share " +
           counted(config.desks, "real desk", "real desks") +
           (guarded ? ": the order differs run to run, the outcome does not."
                    : ": who goes first is up to the machine, so the outcome can differ from "
                      "run to run.");
  }
  if (config.engine == EngineKind::Step) {
    return "On the step engine you are the scheduler: the order you pick is the schedule the "
           "link carries, and Explore tries every order within its bound for the shortest one "
           "that fails.";
  }
  return "On the deterministic engine seed " + number(static_cast<std::int64_t>(config.seed)) +
         " fixes the interleaving: the same link replays this very run" +
         (guarded ? "." : ", and another seed may show a different outcome.");
}

// Section: the deadlock scenarios ------------------------------------------------------------

Explanation explain_abba(const RunConfig& config) {
  if (config.param("fixed") != 0) {
    return {
        "Every meeting needs the conference room and the projector, and now everyone asks "
        "for them in the same order: the room first, then the projector.",
        "Whoever gets the room can always get the projector next, because nobody holds the "
        "projector while waiting for the room. Lines form, but they always move: one "
        "agreed order is the cure for this deadlock.",
        ""};
  }
  if (config.workers < 2) {
    return {"Every meeting needs the conference room and the projector. " + worker_name(0) +
                " takes the room, then the projector.",
            "Alone, " + worker_name(0) +
                " gets both: a deadlock needs someone holding what the other waits for. Add a "
                "worker to see it.",
            ""};
  }
  return {"Every meeting needs the conference room and the projector. " + worker_name(0) +
              " takes the room and walks off for the projector; " + worker_name(1) +
              " takes the projector and walks off for the room.",
          "Now each holds what the other waits for, and neither lets go before getting the "
          "other. " +
              first_two(config) +
              " wait for ever: a deadlock. racelab sees that nobody can move any more, stops "
              "the run and names the cycle. With fixed=1 everyone takes the room first and it "
              "never happens.",
          ""};
}

Explanation explain_rwr(const RunConfig& config) {
  const auto writer = worker_name(0);
  const auto reader = config.workers > 1 ? worker_name(1) : worker_name(0);
  if (config.workers < 2) {
    return {reader + " reads the notice under the board's read lock, alone.",
            "With nobody coming to pin up a new notice, a second read lock is granted at once. "
            "The trap needs a writer in between: add a worker.",
            ""};
  }
  if (config.param("fixed") != 0) {
    return {writer +
                " comes to pin up a new notice while the others read it; each reader "
                "takes the board's read lock once and does all its reading under it.",
            writer +
                " waits for the readers to finish, then pins up the notice: no reader asks "
                "for the lock again while holding it, so the writer's turn always comes.",
            ""};
  }
  return {reader +
              " reads the notice under the board's read lock and, before letting go, looks "
              "it up again with a second read lock, as a helper function would. " +
              writer + " arrives in between to pin up a new notice.",
          writer + " must wait for " + reader +
              "'s first read to end. Go's RWMutex makes new readers wait behind a waiting "
              "writer, so that writers are not starved, and " +
              reader + "'s second read lock is new: it waits behind " + writer +
              ". Each waits for the other: a deadlock. With fixed=1 the reader takes the read "
              "lock once.",
          ""};
}

Explanation explain_double_lock(const RunConfig& config) {
  if (config.param("fixed") != 0) {
    return {
        "Each worker locks the filing cabinet, files the report and unlocks it; the helper "
        "it calls no longer locks the cabinet again.",
        "Each lock is taken once and given back once, so the line always moves.", ""};
  }
  return {worker_name(0) +
              " locks the filing cabinet, then calls a helper that locks it too, as code that "
              "takes a lock inside another function that took it does.",
          "A mutex does not know who holds it: the second lock waits until the holder lets go, "
          "and the holder is " +
              worker_name(0) + " herself. She waits for herself for ever, a deadlock of one" +
              (config.workers > 1 ? ", and everyone in line behind her waits too" : "") +
              ". With fixed=1 the helper does not lock again.",
          ""};
}

}  // namespace

Explanation explain_run(const RunConfig& config) {
  const auto* spec = find_scenario(config.scenario);
  if (!spec || !spec->allows(config.lock)) {
    return {"This scenario and lock type have no explanation yet.",
            std::string(lock_story(config.lock)), explain_engine(config)};
  }

  Explanation explanation;
  if (spec->name == "booking") explanation = explain_booking(config);
  if (spec->name == "flash-sale") explanation = explain_flash_sale(config);
  if (spec->name == "ledger") explanation = explain_ledger(config);
  if (spec->name == "bulletin") explanation = explain_bulletin(config);
  if (spec->name == "pool") explanation = explain_pool(config);
  if (spec->name == "cache") explanation = explain_cache(config);
  if (spec->name == "abba") explanation = explain_abba(config);
  if (spec->name == "rwr") explanation = explain_rwr(config);
  if (spec->name == "double-lock") explanation = explain_double_lock(config);
  const bool deadlock_scenario =
      spec->name == "abba" || spec->name == "rwr" || spec->name == "double-lock";
  if (explanation.what.empty()) {
    explanation.what = std::string(spec->story);
    explanation.why = std::string(lock_story(config.lock));
  }

  // A lone worker meets nobody: whatever the lock, nothing can collide (but it can still wait
  // for itself, which the deadlock scenarios tell themselves).
  if (config.workers < 2 && !deadlock_scenario) {
    explanation.why =
        "With a single freelancer there is nobody to collide with, so this run "
        "cannot go wrong whatever the lock.";
  }
  explanation.engine = explain_engine(config);
  return explanation;
}

std::string explanation_text(const Explanation& explanation) {
  std::string text;
  for (const auto* part : {&explanation.what, &explanation.why, &explanation.engine}) {
    if (part->empty()) continue;
    if (!text.empty()) text += ' ';
    text += *part;
  }
  return text;
}

}  // namespace racelab
