package dev.tailor;

/** Entry point: wires every stage by hand and runs the command given on the command line. */
public final class Tailor {
    public static void main(String[] args) {
        System.out.println("Tailor: under construction");
    }
}
