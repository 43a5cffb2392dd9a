package dev.tailor.stream;

class InMemoryErasureMarksTest extends ErasureMarksContract {
    @Override
    protected ErasureMarks newMarks() {
        return new InMemoryErasureMarks();
    }
}
