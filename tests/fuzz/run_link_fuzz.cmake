# ctest's link_fuzz: runs the link parser's fuzzer for a bounded time on a fresh copy of the seed
# corpus (libFuzzer adds what it finds to the corpus it is given, and the seeds stay as they are).
# Fails when the fuzzer stops on a crash, a timeout or too much memory; the input that did it is
# kept in ARTIFACTS.
#   cmake -DFUZZER=<executable> -DSEEDS=<dir> -DDICT=<file> -DCORPUS=<dir> -DARTIFACTS=<dir>
#         -DSECONDS=<n> -P run_link_fuzz.cmake
foreach(required FUZZER SEEDS DICT CORPUS ARTIFACTS SECONDS)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "run_link_fuzz.cmake needs -D${required}=...")
  endif()
endforeach()

file(REMOVE_RECURSE "${CORPUS}")
file(MAKE_DIRECTORY "${CORPUS}" "${ARTIFACTS}")
file(COPY "${SEEDS}/" DESTINATION "${CORPUS}")

# The value profile rewards inputs that bring a comparison's operands closer: it helps the fuzzer
# find a bound written in a link, such as workers=10000.
execute_process(
  COMMAND "${FUZZER}" -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048
    -use_value_profile=1 "-dict=${DICT}" "-artifact_prefix=${ARTIFACTS}/" -print_final_stats=1
    "${CORPUS}"
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the link fuzzer failed (exit status ${status}); its input is in ${ARTIFACTS}")
endif()
