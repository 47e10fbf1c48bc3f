// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// A Chainlink-style price feed (the AggregatorV3Interface read side) whose owner posts answers.
/// Local chains have no Chainlink network; this contract answers `latestRoundData` exactly as a
/// Chainlink aggregator does, so the hub's reader is the one it would use against a real feed.
contract PriceAggregator {
    struct Round {
        int256 answer;
        uint256 startedAt;
        uint256 updatedAt;
    }

    address public immutable owner;
    uint8 public immutable decimals;
    string public description;
    uint256 public constant version = 4;
    uint80 public latestRound;
    mapping(uint80 => Round) private rounds;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    error NotOwner();
    error NoData();

    constructor(uint8 decimals_, string memory description_) {
        owner = msg.sender;
        decimals = decimals_;
        description = description_;
    }

    /// Posts a new round; `updatedAt` is the answer's publish time (not the block time) so that tests
    /// can post stale prices.
    function submit(int256 answer, uint256 updatedAt) external {
        if (msg.sender != owner) revert NotOwner();
        uint80 id = ++latestRound;
        rounds[id] = Round(answer, updatedAt, updatedAt);
        emit AnswerUpdated(answer, id, updatedAt);
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return getRoundData(latestRound);
    }

    function getRoundData(uint80 id)
        public
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory r = rounds[id];
        if (r.updatedAt == 0) revert NoData();
        return (id, r.answer, r.startedAt, r.updatedAt, id);
    }
}
