fn main() {
    std::process::exit(epsimo::run());
}
