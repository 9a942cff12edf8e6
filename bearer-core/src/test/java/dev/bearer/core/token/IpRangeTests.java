package dev.bearer.core.token;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IpRangeTests {

	@Test
	void singleIpv4AddressMatchesOnlyItself() {
		IpRange range = IpRange.parse("203.0.113.7");

		assertThat(range.contains("203.0.113.7")).isTrue();
		assertThat(range.contains("203.0.113.8")).isFalse();
		assertThat(range.contains("::ffff:203.0.113.7")).isTrue();
	}

	@Test
	void ipv4CidrMatchesItsBlock() {
		IpRange range = IpRange.parse("192.168.4.0/22");

		assertThat(range.contains("192.168.4.0")).isTrue();
		assertThat(range.contains("192.168.7.255")).isTrue();
		assertThat(range.contains("192.168.8.0")).isFalse();
		assertThat(range.contains("192.168.3.255")).isFalse();
		assertThat(IpRange.parse("0.0.0.0/0").contains("8.8.8.8")).isTrue();
	}

	@Test
	void ipv6CidrMatchesItsBlock() {
		IpRange range = IpRange.parse("2001:db8::/32");

		assertThat(range.contains("2001:db8:ffff::1")).isTrue();
		assertThat(range.contains("2001:db9::1")).isFalse();
		assertThat(range.contains("203.0.113.7")).isFalse();
	}

	@Test
	void hostNamesAreNeverResolved() {
		assertThat(IpRange.parse("10.0.0.0/8").contains("localhost")).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> IpRange.parse("localhost"));
		for (String lookalike : new String[] { ".1:1", "..:", "a.b:c", ":.", "1.2.3.4.5:6" }) {
			assertThatIllegalArgumentException().as(lookalike).isThrownBy(() -> IpRange.parse(lookalike));
		}
		assertThat(IpRange.parse("::ffff:10.0.0.1").contains("10.0.0.1")).isTrue();
		assertThat(IpRange.parse("::1").contains("::1")).isTrue();
	}

	@Test
	void invalidEntriesAreRefused() {
		for (String invalid : new String[] { "", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/08", "256.0.0.1", "1.2.3",
				"2001:db8::/129", "10.0.0.0/", "abc" }) {
			assertThatIllegalArgumentException().as(invalid).isThrownBy(() -> IpRange.parse(invalid));
		}
	}

	@Test
	void onlyBareAddressLiteralsAreAddresses() {
		for (String address : new String[] { "203.0.113.7", "2001:db8::1", "::1", "::ffff:10.0.0.1", "2001:DB8::A" }) {
			assertThat(IpRange.isAddress(address)).as(address).isTrue();
		}
		for (String other : new String[] { "unknown", "localhost", "example.com", "1.2.3.4:443", "[2001:db8::1]",
				"[2001:db8::1]:443", "fe80::1%eth0", "10.0.0.0/8", "_hidden", " 1.2.3.4", "", "1.2.3" }) {
			assertThat(IpRange.isAddress(other)).as(other).isFalse();
		}
		assertThat(IpRange.isAddress(null)).isFalse();
	}

	@Test
	void dottedQuadsAreFourOctetsFromZeroTo255WithoutLeadingZeros() {
		for (String address : new String[] { "0.0.0.0", "255.255.255.255", "10.0.0.1", "199.249.250.251" }) {
			assertThat(IpRange.isAddress(address)).as(address).isTrue();
		}
		for (String other : new String[] { "256.1.1.1", "1.2.3.256", "01.2.3.4", "1.2.3.00", "1.2.3.4.", ".1.2.3.4",
				"1.2.3.4.5", "1..2.3", "1.2.3.4 ", "1.2.3.1000", "1.2.3.-1", "1.2.3.a", "\u0661.2.3.4", "1,2,3,4" }) {
			assertThat(IpRange.isAddress(other)).as(other).isFalse();
		}
		assertThat(IpRange.parse("192.0.2.0/24").contains("192.0.2.255")).isTrue();
		assertThat(IpRange.parse("192.0.2.0/24").contains("192.0.3.0")).isFalse();
	}

	@Test
	void rangeCoversTheAddressesAndNarrowerBlocksInsideIt() {
		IpRange range = IpRange.parse("10.0.0.0/8");

		assertThat(range.covers(IpRange.parse("10.0.0.0/8"))).isTrue();
		assertThat(range.covers(IpRange.parse("10.200.0.0/16"))).isTrue();
		assertThat(range.covers(IpRange.parse("10.1.2.3"))).isTrue();
		assertThat(range.covers(IpRange.parse("10.0.0.0/7"))).isFalse();
		assertThat(range.covers(IpRange.parse("11.0.0.1"))).isFalse();
		assertThat(range.covers(IpRange.parse("::ffff:10.0.0.1"))).isTrue();
		assertThat(IpRange.parse("2001:db8::/32").covers(IpRange.parse("2001:db8:5::/48"))).isTrue();
		assertThat(IpRange.parse("2001:db8::/32").covers(IpRange.parse("10.0.0.0/8"))).isFalse();
	}

	@Test
	void addressCoversOnlyItself() {
		IpRange address = IpRange.parse("203.0.113.7");

		assertThat(address.covers(IpRange.parse("203.0.113.7"))).isTrue();
		assertThat(address.covers(IpRange.parse("203.0.113.0/24"))).isFalse();
	}

}
