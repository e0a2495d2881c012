module racelab/bench

go 1.19
